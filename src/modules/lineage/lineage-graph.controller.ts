import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from 'src/common/errors/api-errors.decorator';
import { LineageAddressNameResponse } from 'src/modules/lineage/dto/lineage-address-name.response';
import { LineageGraphQuery } from 'src/modules/lineage/dto/lineage-graph.query';
import { LineageGraphResponse } from 'src/modules/lineage/dto/lineage-graph.response';
import { ListLineageAddressesQuery } from 'src/modules/lineage/dto/list-lineage-addresses.query';
import { RefreshLineageResponse } from 'src/modules/lineage/dto/refresh-lineage.response';
import { LineageGraphService } from 'src/modules/lineage/lineage-graph.service';

/** Also answers `/lineage-graph/` (existing clients call it with the trailing slash). */
@ApiTags('Address Lineage')
@Controller('lineage-graph')
export class LineageGraphController {
  constructor(private readonly lineageGraphService: LineageGraphService) {}

  @Get()
  @ApiOperation({
    summary: 'The lineage graph around an address',
    description:
      'Everything reachable from `source_address_id` upstream, downstream or both (default), ' +
      'to `depth` levels (default: all). Each node once, with its shortest distance each way ' +
      '(null where not reachable that way); each followed edge once per owning pipeline. At ' +
      'most `max_nodes` nodes (default 5,000, at most 50,000), nearest first, then ' +
      '`truncated: true`. Always current. Also at `/lineage-graph/`.',
  })
  @ApiOkResponse({ type: LineageGraphResponse })
  @ApiErrors(404)
  getGraph(@Query() query: LineageGraphQuery): Promise<LineageGraphResponse> {
    return this.lineageGraphService.getGraph(query);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Refresh the lineage graph (a no-op kept for old clients)',
    description: 'The graph is read from the edges on every request, so it is never stale.',
  })
  @ApiOkResponse({ type: RefreshLineageResponse })
  refresh(): RefreshLineageResponse {
    return this.lineageGraphService.refresh();
  }

  @Get('addresses')
  @ApiOperation({
    summary: 'Addresses for pickers: `{id, name}` ordered by name',
    description: '`name` filters by substring (case-insensitive); `limit` defaults to 100.',
  })
  @ApiOkResponse({ type: [LineageAddressNameResponse] })
  @ApiErrors()
  listAddresses(@Query() query: ListLineageAddressesQuery): Promise<LineageAddressNameResponse[]> {
    return this.lineageGraphService.listAddresses(query);
  }
}
