import { Body, Controller, Post, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import type { UpsertResult } from 'src/common/http/upsert-result';
import { UpsertStatusInterceptor } from 'src/common/http/upsert-status.interceptor';
import { CreateLineageDto } from 'src/modules/lineage/dto/create-lineage.dto';
import { CreateLineageResponse } from 'src/modules/lineage/dto/create-lineage.response';
import { LineageService } from 'src/modules/lineage/lineage.service';

@ApiTags('Address Lineage')
@Controller('address_lineage')
export class LineageController {
  constructor(private readonly lineageService: LineageService) {}

  @Post()
  @UseInterceptors(UpsertStatusInterceptor)
  @ApiOperation({
    summary: "Record a pipeline's lineage (its sources and targets)",
    description:
      'While the pipeline has `load_lineage` true: get-or-creates every address and address ' +
      "type, and replaces the pipeline's edges with the distinct sources × targets, in one " +
      'transaction (201). Existing addresses are not changed (use POST/PATCH /address). While ' +
      '`load_lineage` is false: writes nothing (200, 0). At most 1,000 addresses per list and ' +
      '100,000 edges (distinct sources × distinct targets) per write.',
  })
  @ApiCreatedResponse({ type: CreateLineageResponse, description: 'Lineage relationships created' })
  @ApiOkResponse({
    type: CreateLineageResponse,
    description: 'Pipeline does not have load_lineage=True, no relationships created',
  })
  @ApiErrors(404)
  create(@Body() dto: CreateLineageDto): Promise<UpsertResult<CreateLineageResponse>> {
    return this.lineageService.create(dto);
  }
}
