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
import { INT4_MAX } from 'src/common/validation/field.decorators';
import type { UpsertResult } from 'src/common/http/upsert-result';
import { UpsertStatusInterceptor } from 'src/common/http/upsert-status.interceptor';
import { CreatePipelineTypeDto } from 'src/modules/pipeline/dto/create-pipeline-type.dto';
import { ListPipelineTypesQuery } from 'src/modules/pipeline/dto/list-pipeline-types.query';
import { PipelineTypeResponse } from 'src/modules/pipeline/dto/pipeline-type.response';
import { UpdatePipelineTypeDto } from 'src/modules/pipeline/dto/update-pipeline-type.dto';
import { PipelineTypeService } from 'src/modules/pipeline/pipeline-type.service';

@ApiTags('Pipeline Types')
@Controller('pipeline_type')
export class PipelineTypeController {
  constructor(private readonly pipelineTypeService: PipelineTypeService) {}

  @Post()
  @UseInterceptors(UpsertStatusInterceptor)
  @ApiOperation({
    summary: 'Create a pipeline type or get the existing one',
    description: 'Get-or-create by name; settings sent for an existing type are applied.',
  })
  @ApiBody({
    type: CreatePipelineTypeDto,
    examples: {
      seed: {
        value: {
          name: 'extraction',
          freshness_number: 24,
          freshness_datepart: 'hour',
          mute_freshness_check: false,
          timeliness_number: 2,
          timeliness_datepart: 'hour',
          mute_timeliness_check: false,
        },
      },
    },
  })
  @ApiCreatedResponse({ type: IdResponse, description: 'New pipeline type was created' })
  @ApiOkResponse({ type: IdResponse, description: 'Existing pipeline type was found' })
  @ApiErrors(413, 415)
  sync(@Body() dto: CreatePipelineTypeDto): Promise<UpsertResult<IdResponse>> {
    return this.pipelineTypeService.sync(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List pipeline types (ordered by id)' })
  @ApiOkResponse({ type: [PipelineTypeResponse] })
  @ApiErrors()
  list(@Query() query: ListPipelineTypesQuery): Promise<PipelineTypeResponse[]> {
    return this.pipelineTypeService.list(query);
  }

  @Get(':pipeline_type_id')
  @ApiOperation({ summary: 'Get a pipeline type by id' })
  @ApiParam({ name: 'pipeline_type_id', type: Number })
  @ApiOkResponse({ type: PipelineTypeResponse })
  @ApiErrors(404)
  getById(
    @Param('pipeline_type_id', new IdParamPipe('pipeline_type_id', { max: INT4_MAX })) id: number,
  ): Promise<PipelineTypeResponse> {
    return this.pipelineTypeService.getById(id);
  }

  @Patch()
  @ApiOperation({
    summary: 'Update a pipeline type',
    description:
      'Finds it by `id` (a `name` alongside renames it) or by `name`; only keys sent change.',
  })
  @ApiBody({
    type: UpdatePipelineTypeDto,
    examples: {
      whole: {
        summary: 'Every field (id finds the type, name renames it)',
        value: {
          id: 1,
          name: 'extraction',
          freshness_number: 24,
          freshness_datepart: 'hour',
          mute_freshness_check: false,
          timeliness_number: 2,
          timeliness_datepart: 'hour',
          mute_timeliness_check: false,
        },
      },
      rename: { value: { id: 1, name: 'extraction' } },
      mute: {
        summary: 'Mute the freshness check',
        value: { name: 'extraction', mute_freshness_check: true },
      },
    },
  })
  @ApiOkResponse({ type: PipelineTypeResponse })
  @ApiErrors(404, 409, 413, 415)
  update(@Body() dto: UpdatePipelineTypeDto): Promise<PipelineTypeResponse> {
    return this.pipelineTypeService.update(dto);
  }
}
