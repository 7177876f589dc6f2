import { Body, Controller, Get, Param, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { IdParamPipe } from 'src/common/http/id-param.pipe';
import { INT4_MAX } from 'src/common/validation/field.decorators';
import type { UpsertResult } from 'src/common/http/upsert-result';
import { UpsertStatusInterceptor } from 'src/common/http/upsert-status.interceptor';
import { CreatePipelineDto } from 'src/modules/pipeline/dto/create-pipeline.dto';
import { ListPipelinesQuery } from 'src/modules/pipeline/dto/list-pipelines.query';
import { PipelineResponse } from 'src/modules/pipeline/dto/pipeline.response';
import { SyncPipelineResponse } from 'src/modules/pipeline/dto/sync-pipeline.response';
import { UpdatePipelineDto } from 'src/modules/pipeline/dto/update-pipeline.dto';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

@ApiTags('Pipeline Management')
@Controller('pipeline')
export class PipelineController {
  constructor(private readonly pipelineService: PipelineService) {}

  @Post()
  @UseInterceptors(UpsertStatusInterceptor)
  @ApiOperation({
    summary: 'Create or get a pipeline (and sync its settings and next watermark)',
    description:
      'Get-or-create by name; the pipeline type is get-or-created by `pipeline_type_name`. ' +
      'Settings sent that differ are updated, omitted ones kept. `watermark` in the response is ' +
      'the current watermark when `next_watermark` was sent (null on creation).',
  })
  @ApiBody({
    type: CreatePipelineDto,
    examples: {
      seed: {
        value: {
          name: 'my data pipeline',
          pipeline_type_name: 'extraction',
          next_watermark: '2024-01-02T00:00:00Z',
          pipeline_metadata: { description: 'Daily data extraction pipeline' },
          freshness_number: 24,
          freshness_datepart: 'hour',
          timeliness_number: 2,
          timeliness_datepart: 'hour',
        },
      },
      minimal: { value: { name: 'my data pipeline', pipeline_type_name: 'extraction' } },
    },
  })
  @ApiCreatedResponse({
    type: SyncPipelineResponse,
    description: 'New pipeline was created',
    example: { id: 1, active: true, load_lineage: true, watermark: null },
  })
  @ApiOkResponse({
    type: SyncPipelineResponse,
    description: 'Existing pipeline was found',
    example: { id: 1, active: true, load_lineage: true, watermark: '2024-01-01T00:00:00Z' },
  })
  @ApiErrors(413, 415)
  sync(@Body() dto: CreatePipelineDto): Promise<UpsertResult<SyncPipelineResponse>> {
    return this.pipelineService.sync(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List pipelines (ordered by id)' })
  @ApiOkResponse({ type: [PipelineResponse] })
  @ApiErrors()
  list(@Query() query: ListPipelinesQuery): Promise<PipelineResponse[]> {
    return this.pipelineService.list(query);
  }

  @Get(':pipeline_id')
  @ApiOperation({ summary: 'Get a pipeline by id' })
  @ApiParam({ name: 'pipeline_id', type: Number })
  @ApiOkResponse({ type: PipelineResponse })
  @ApiErrors(404)
  getById(
    @Param('pipeline_id', new IdParamPipe('pipeline_id', { max: INT4_MAX })) id: number,
  ): Promise<PipelineResponse> {
    return this.pipelineService.getById(id);
  }

  @Patch()
  @ApiOperation({
    summary: 'Update a pipeline',
    description:
      'Finds it by `id` (a `name` alongside renames it) or by `name`; only keys sent change.',
  })
  @ApiBody({
    type: UpdatePipelineDto,
    examples: {
      seed: {
        value: {
          id: 1,
          name: 'updated pipeline name',
          pipeline_type_id: 2,
          watermark: '2024-01-01T00:00:00Z',
          next_watermark: '2024-01-02T00:00:00Z',
          pipeline_metadata: { environment: 'production' },
          freshness_number: 24,
          freshness_datepart: 'hour',
          mute_freshness_check: false,
          timeliness_number: 2,
          timeliness_datepart: 'hour',
          mute_timeliness_check: false,
          load_lineage: true,
        },
      },
      reloadLineage: {
        summary: 'Reload lineage on the next run',
        value: { id: 1, load_lineage: true },
      },
    },
  })
  @ApiOkResponse({ type: PipelineResponse })
  @ApiErrors(404, 409, 413, 415)
  update(@Body() dto: UpdatePipelineDto): Promise<PipelineResponse> {
    return this.pipelineService.update(dto);
  }
}
