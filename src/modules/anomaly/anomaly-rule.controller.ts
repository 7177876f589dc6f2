import { Body, Controller, Get, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { IdResponse } from 'src/common/dto/id.response';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { IdParamPipe } from 'src/common/http/id-param.pipe';
import type { UpsertResult } from 'src/common/http/upsert-result';
import { UpsertStatusInterceptor } from 'src/common/http/upsert-status.interceptor';
import { AnomalyRuleService } from 'src/modules/anomaly/anomaly-rule.service';
import { AnomalyRuleStatusResponse } from 'src/modules/anomaly/dto/anomaly-rule-status.response';
import { AnomalyRuleResponse } from 'src/modules/anomaly/dto/anomaly-rule.response';
import { CreateAnomalyRuleDto } from 'src/modules/anomaly/dto/create-anomaly-rule.dto';
import { ListAnomalyRulesQuery } from 'src/modules/anomaly/dto/list-anomaly-rules.query';
import { UpdateAnomalyRuleDto } from 'src/modules/anomaly/dto/update-anomaly-rule.dto';

const RULE_ID = 'anomaly_detection_rule_id';

@ApiTags('Anomaly Detection')
@Controller('anomaly_detection_rule')
export class AnomalyRuleController {
  constructor(private readonly ruleService: AnomalyRuleService) {}

  @Post()
  @UseInterceptors(UpsertStatusInterceptor)
  @ApiOperation({
    summary: 'Create or get an anomaly detection rule',
    description:
      'Get-or-create by (pipeline_id, metric_field). On an existing rule, settings sent that ' +
      'differ are updated; omitted ones are kept. After every successful end of the ' +
      "pipeline's executions, each active rule compares the metric with the baseline of the " +
      'same UTC hour of day over the lookback window.',
  })
  @ApiBody({
    type: CreateAnomalyRuleDto,
    examples: {
      seed: {
        value: {
          pipeline_id: 1,
          metric_field: 'total_rows',
          z_threshold: 2.0,
          lookback_days: 30,
          minimum_executions: 30,
          active: true,
        },
      },
      drops: {
        summary: 'Only drops of at least 20 %',
        value: {
          pipeline_id: 1,
          metric_field: 'inserts',
          direction: 'drop',
          min_change_percent: 20,
        },
      },
    },
  })
  @ApiCreatedResponse({ type: IdResponse, description: 'New rule was created' })
  @ApiOkResponse({ type: IdResponse, description: 'Existing rule was found' })
  @ApiErrors(404)
  create(@Body() dto: CreateAnomalyRuleDto): Promise<UpsertResult<IdResponse>> {
    return this.ruleService.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List anomaly detection rules (ordered by id)' })
  @ApiOkResponse({ type: [AnomalyRuleResponse] })
  @ApiErrors()
  list(@Query() query: ListAnomalyRulesQuery): Promise<AnomalyRuleResponse[]> {
    return this.ruleService.list(query);
  }

  @Get(`:${RULE_ID}`)
  @ApiOperation({ summary: 'Get an anomaly detection rule by id' })
  @ApiParam({ name: RULE_ID, type: Number })
  @ApiOkResponse({ type: AnomalyRuleResponse })
  @ApiErrors(404)
  getById(@Param(RULE_ID, new IdParamPipe(RULE_ID)) id: number): Promise<AnomalyRuleResponse> {
    return this.ruleService.getById(id);
  }

  @Get(`:${RULE_ID}/status`)
  @ApiOperation({
    summary: 'Whether a rule is learning, ready or inactive',
    description:
      "The baseline is the one the pipeline's next run would be judged against: the lookback " +
      "window up to its latest successful run, in that run's UTC hour of day. learning: fewer " +
      'than minimum_executions values; hour_of_day_buckets_ready counts the hours that have ' +
      "enough; last_result is the rule's most recent anomaly.",
  })
  @ApiParam({ name: RULE_ID, type: Number })
  @ApiOkResponse({ type: AnomalyRuleStatusResponse })
  @ApiErrors(404)
  getStatus(
    @Param(RULE_ID, new IdParamPipe(RULE_ID)) id: number,
  ): Promise<AnomalyRuleStatusResponse> {
    return this.ruleService.getStatus(id);
  }

  @Patch()
  @ApiOperation({
    summary: 'Update an anomaly detection rule',
    description:
      'Finds the rule by id; only keys sent change. Moving it onto a pipeline and metric that ' +
      'already have a rule is a 409.',
  })
  @ApiBody({
    type: UpdateAnomalyRuleDto,
    examples: {
      seed: {
        value: {
          id: 1,
          pipeline_id: 1,
          metric_field: 'updates',
          z_threshold: 2.5,
          lookback_days: 30,
          minimum_executions: 20,
          active: true,
        },
      },
      deactivate: { value: { id: 1, active: false } },
    },
  })
  @ApiOkResponse({ type: AnomalyRuleResponse })
  @ApiErrors(404, 409)
  update(@Body() dto: UpdateAnomalyRuleDto): Promise<AnomalyRuleResponse> {
    return this.ruleService.update(dto);
  }
}
