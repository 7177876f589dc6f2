import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { IdParamPipe } from 'src/common/http/id-param.pipe';
import { AnomalyResultService } from 'src/modules/anomaly/anomaly-result.service';
import { AnomalyResultResponse } from 'src/modules/anomaly/dto/anomaly-result.response';
import { ListAnomalyResultsQuery } from 'src/modules/anomaly/dto/list-anomaly-results.query';
import { UnflagAnomalyDto } from 'src/modules/anomaly/dto/unflag-anomaly.dto';

const EXECUTION_ID = 'pipeline_execution_id';

@ApiTags('Anomaly Detection')
@Controller()
export class AnomalyResultController {
  constructor(private readonly resultService: AnomalyResultService) {}

  @Get(`pipeline_execution/:${EXECUTION_ID}/anomalies`)
  @ApiOperation({
    summary: "List an execution's anomalies",
    description:
      'One row per rule that found the execution anomalous, with the value, the baseline mean, ' +
      'sample standard deviation and size, the signed z-score and the expected band. Ordered by ' +
      'id; 100 rows unless limit says otherwise.',
  })
  @ApiParam({ name: EXECUTION_ID, type: Number })
  @ApiOkResponse({ type: [AnomalyResultResponse] })
  @ApiErrors(404)
  listForExecution(
    @Param(EXECUTION_ID, new IdParamPipe(EXECUTION_ID)) executionId: number,
    @Query() query: ListAnomalyResultsQuery,
  ): Promise<AnomalyResultResponse[]> {
    return this.resultService.listForExecution(executionId, query);
  }

  @Post('unflag_anomaly')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Unflag anomalies of a pipeline execution',
    description:
      'Deletes the results for the listed metrics and sets those anomaly_flags to false, so ' +
      'the execution rejoins future baselines. 404 when the execution is unknown, belongs to ' +
      'another pipeline, or none of the listed metrics is flagged.',
  })
  @ApiBody({
    type: UnflagAnomalyDto,
    examples: {
      seed: {
        value: {
          pipeline_id: 1,
          pipeline_execution_id: 1,
          metric_field: ['total_rows', 'duration_seconds'],
        },
      },
    },
  })
  @ApiNoContentResponse({ description: 'Anomalies unflagged' })
  @ApiErrors(404)
  unflag(@Body() dto: UnflagAnomalyDto): Promise<void> {
    return this.resultService.unflag(dto);
  }
}
