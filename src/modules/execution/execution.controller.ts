import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { IdResponse } from 'src/common/dto/id.response';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { IdParamPipe } from 'src/common/http/id-param.pipe';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import type { UpsertResult } from 'src/common/http/upsert-result';
import { UpsertStatusInterceptor } from 'src/common/http/upsert-status.interceptor';
import { EndExecutionDto } from 'src/modules/execution/dto/end-execution.dto';
import { ListExecutionsQuery } from 'src/modules/execution/dto/list-executions.query';
import { PipelineExecutionTreeResponse } from 'src/modules/execution/dto/pipeline-execution-tree.response';
import { PipelineExecutionResponse } from 'src/modules/execution/dto/pipeline-execution.response';
import { StartExecutionDto } from 'src/modules/execution/dto/start-execution.dto';
import { ExecutionIngestService } from 'src/modules/execution/execution-ingest.service';
import { ExecutionService } from 'src/modules/execution/execution.service';
import {
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
} from 'src/modules/execution/idempotency-key.decorator';

@ApiTags('Pipeline Execution')
@Controller()
export class ExecutionController {
  constructor(
    private readonly executionService: ExecutionService,
    private readonly ingestService: ExecutionIngestService,
  ) {}

  @Post('start_pipeline_execution')
  @UseInterceptors(UpsertStatusInterceptor)
  @ApiOperation({
    summary: 'Start a pipeline execution',
    description:
      'start_date defaults to now; hour_recorded and date_recorded are derived from it in UTC. ' +
      'With parent_id the execution is nested under its parent (visible at once at every level).',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      '1-255 printable ASCII characters naming one start. A retry with the same key returns ' +
      'the id of the execution the first request started (200) instead of starting another ' +
      'one; the same key with a different pipeline_id, start_date or parent_id is 422 ' +
      'IDEMPOTENCY_KEY_REUSED (fields the retry leaves out are not compared).',
  })
  @ApiBody({
    type: StartExecutionDto,
    examples: {
      full: {
        value: {
          pipeline_id: 1,
          start_date: '2024-01-01T10:00:00Z',
          watermark: '2024-01-01T00:00:00Z',
          next_watermark: '2024-01-01T23:59:59Z',
          parent_id: null,
        },
      },
      minimal: { summary: 'start_date omitted: now', value: { pipeline_id: 1 } },
    },
  })
  @ApiCreatedResponse({ type: IdResponse, description: 'Pipeline execution started' })
  @ApiOkResponse({
    type: IdResponse,
    description: 'Idempotency-Key seen before: the execution started by the first request',
  })
  @ApiErrors(404, 413, 415)
  start(
    @Body() dto: StartExecutionDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<UpsertResult<IdResponse>> {
    return this.ingestService.start(dto, idempotencyKey);
  }

  @Post('end_pipeline_execution')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End a pipeline execution with its metrics',
    description:
      'Computes duration_seconds (rounded half away from zero) and throughput (total_rows / ' +
      'duration_seconds, 4 decimals). Ending again replaces the end and the metrics. On ' +
      'completed_successfully = true the pipeline watermark advances and anomaly detection runs.',
  })
  @ApiBody({
    type: EndExecutionDto,
    examples: {
      seed: {
        value: {
          id: 1,
          end_date: '2024-01-01T10:05:00Z',
          completed_successfully: true,
          total_rows: 1000,
          inserts: 800,
          updates: 200,
          soft_deletes: 0,
          execution_metadata: { partition: '2025-01-05' },
        },
      },
    },
  })
  @ApiNoContentResponse({ description: 'Pipeline execution ended' })
  @ApiErrors(404, 413, 415)
  end(@Body() dto: EndExecutionDto): Promise<void> {
    return this.ingestService.end(dto);
  }

  @Get('pipeline_execution/:pipeline_execution_id')
  @ApiOperation({
    summary: 'Get a pipeline execution with all its descendants',
    description: 'Children are nested in child_executions at every level ([] for a leaf).',
  })
  @ApiParam({ name: 'pipeline_execution_id', type: Number })
  @ApiOkResponse({ type: PipelineExecutionTreeResponse })
  @ApiErrors(404)
  getById(
    @Param('pipeline_execution_id', new IdParamPipe('pipeline_execution_id')) id: number,
  ): Promise<PipelineExecutionTreeResponse> {
    return this.executionService.getTree(id);
  }

  @Get('pipeline/:pipeline_id/executions')
  @ApiOperation({
    summary: "List a pipeline's executions, newest first",
    description: 'Flat (no child_executions). Page on with before_id = the last id received.',
  })
  @ApiParam({ name: 'pipeline_id', type: Number })
  @ApiOkResponse({ type: [PipelineExecutionResponse] })
  @ApiErrors(404)
  listForPipeline(
    @Param('pipeline_id', new IdParamPipe('pipeline_id', { max: INT4_MAX })) pipelineId: number,
    @Query() query: ListExecutionsQuery,
  ): Promise<PipelineExecutionResponse[]> {
    return this.executionService.listForPipeline(pipelineId, query);
  }
}
