import { ApiProperty } from '@nestjs/swagger';

export class TimelinessLogResponse {
  @ApiProperty({ type: 'integer', example: 4711 })
  pipeline_execution_id!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  pipeline_id!: number;

  @ApiProperty({ example: 'daily sales' })
  pipeline_name!: string;

  @ApiProperty({
    enum: ['running', 'completed'],
    enumName: 'LateExecutionStatus',
    example: 'running',
    description: 'running: still open past its deadline; completed: ended after it',
  })
  execution_status!: string;

  @ApiProperty({ format: 'date-time', example: '2024-01-01T10:00:00.000Z' })
  start_date!: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'The end when the check ran (null: running)',
  })
  end_date!: string | null;

  @ApiProperty({
    format: 'date-time',
    example: '2024-01-01T12:00:00.000Z',
    description: 'start_date + the threshold',
  })
  deadline!: string;

  @ApiProperty({
    type: 'integer',
    example: 9000,
    description: 'Run time when the check ran (or the whole run)',
  })
  duration_seconds!: number;

  @ApiProperty({ type: 'integer', example: 7200, description: 'deadline − start_date' })
  seconds_threshold!: number;

  @ApiProperty({ type: 'integer', example: 2 })
  timeliness_number!: number;

  @ApiProperty({ example: 'hour' })
  timeliness_datepart!: string;

  @ApiProperty({ enum: ['pipeline', 'pipeline_type'], enumName: 'ThresholdSource' })
  threshold_source!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2024-01-01T12:15:00.000Z',
    description: 'When the check that found it ran',
  })
  created_at!: string;
}
