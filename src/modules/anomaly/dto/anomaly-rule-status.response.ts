import { ApiProperty } from '@nestjs/swagger';
import { AnomalyResultResponse } from 'src/modules/anomaly/dto/anomaly-result.response';

export const RULE_STATES = ['learning', 'ready', 'inactive'] as const;
export type RuleState = (typeof RULE_STATES)[number];

/**
 * Whether a rule can flag anything yet. The baseline is the one the pipeline's next run would be
 * judged against: the lookback window up to its latest successful run, in that run's UTC hour.
 */
export class AnomalyRuleStatusResponse {
  @ApiProperty({
    enum: RULE_STATES,
    enumName: 'AnomalyRuleState',
    example: 'learning',
    description:
      'inactive: the rule is off; learning: baseline_size < minimum_executions; ready otherwise',
  })
  state!: RuleState;

  @ApiProperty({ example: 12, description: 'Values in the baseline of the reference hour' })
  baseline_size!: number;

  @ApiProperty({ example: 30 }) minimum_executions!: number;

  @ApiProperty({
    example: 3,
    description: 'UTC hours of day (0-23) whose baseline has at least minimum_executions values',
  })
  hour_of_day_buckets_ready!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 10,
    description: "The reference hour: the UTC hour of the pipeline's latest successful run",
  })
  hour_of_day!: number | null;

  @ApiProperty({
    type: () => AnomalyResultResponse,
    nullable: true,
    description: "The rule's most recent anomaly (null when it has flagged nothing)",
  })
  last_result!: AnomalyResultResponse | null;
}
