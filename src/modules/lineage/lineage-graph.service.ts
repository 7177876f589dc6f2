import { Transactional } from '@nestjs-cls/transactional';
import { Injectable, Logger } from '@nestjs/common';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import { AddressService } from 'src/modules/address/address.service';
import type { LineageAddressNameResponse } from 'src/modules/lineage/dto/lineage-address-name.response';
import {
  DEFAULT_MAX_NODES,
  type LineageGraphQuery,
} from 'src/modules/lineage/dto/lineage-graph.query';
import type { LineageGraphResponse } from 'src/modules/lineage/dto/lineage-graph.response';
import {
  DEFAULT_ADDRESS_PICKER_LIMIT,
  type ListLineageAddressesQuery,
} from 'src/modules/lineage/dto/list-lineage-addresses.query';
import type { RefreshLineageResponse } from 'src/modules/lineage/dto/refresh-lineage.response';
import { LineageSourceNotFoundError } from 'src/modules/lineage/lineage.errors';
import { toLineageGraphResponse } from 'src/modules/lineage/lineage.mapper';
import { LineageRepository } from 'src/modules/lineage/lineage.repository';
import { traverseLineage } from 'src/modules/lineage/lineage-traversal.util';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

/** Longest any one statement of a graph read may run (PostgreSQL). */
export const GRAPH_STATEMENT_TIMEOUT_MS = 5000;
/** Longest a traversal keeps expanding levels; past it the graph is returned truncated. */
export const GRAPH_TIME_BUDGET_MS = 10_000;

@Injectable()
export class LineageGraphService {
  private readonly logger = new Logger(LineageGraphService.name);

  constructor(
    private readonly repository: LineageRepository,
    private readonly addressService: AddressService,
    private readonly pipelineService: PipelineService,
  ) {}

  /**
   * GET /lineage-graph: a breadth-first walk from the address (see LineageRepository), in one
   * REPEATABLE READ transaction so every level sees the same graph, always current.
   */
  @Transactional<AfterCommitTypeOrmAdapter>({ isolationLevel: 'REPEATABLE READ' })
  async getGraph(query: LineageGraphQuery): Promise<LineageGraphResponse> {
    await this.repository.limitStatementTime(GRAPH_STATEMENT_TIMEOUT_MS);
    const [source] = await this.addressService.findNodes([query.source_address_id]);
    if (!source) {
      throw new LineageSourceNotFoundError(query.source_address_id);
    }
    const startedAt = Date.now();
    const traversal = await traverseLineage(
      source.id,
      {
        direction: query.direction ?? 'both',
        depth: query.depth ?? null,
        maxNodes: query.max_nodes ?? DEFAULT_MAX_NODES,
        deadline: startedAt + GRAPH_TIME_BUDGET_MS,
      },
      (down, up) => this.repository.findLevelEdges(down, up),
    );
    if (Date.now() - startedAt > GRAPH_TIME_BUDGET_MS) {
      this.logger.warn(`Lineage graph of address ${source.id} cut by the time budget`);
    }
    const addresses = await this.addressService.findNodes(traversal.nodes.map((node) => node.id));
    const pipelineIds = [...new Set(traversal.edges.map((edge) => edge.pipeline_id))];
    const pipelines = await this.pipelineService.findSummaries(pipelineIds);
    return toLineageGraphResponse(traversal, addresses, pipelines);
  }

  /** GET /lineage-graph/addresses: `{id, name}` by name, for pickers. */
  listAddresses(query: ListLineageAddressesQuery): Promise<LineageAddressNameResponse[]> {
    return this.addressService.searchNames(query.name, query.limit ?? DEFAULT_ADDRESS_PICKER_LIMIT);
  }

  /** POST /lineage-graph/refresh: kept for old clients; the graph is never stale. */
  refresh(): RefreshLineageResponse {
    return {
      status: 'success',
      message: 'The lineage graph is always current; nothing to refresh',
    };
  }
}
