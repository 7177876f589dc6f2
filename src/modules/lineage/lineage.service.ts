import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { UpsertResult } from 'src/common/http/upsert-result';
import { AddressService } from 'src/modules/address/address.service';
import {
  type CreateLineageDto,
  MAX_LINEAGE_EDGES,
} from 'src/modules/lineage/dto/create-lineage.dto';
import type { CreateLineageResponse } from 'src/modules/lineage/dto/create-lineage.response';
import type { LineageAddressDto } from 'src/modules/lineage/dto/lineage-address.dto';
import { TooManyLineageEdgesError } from 'src/modules/lineage/lineage.errors';
import { LineageRepository } from 'src/modules/lineage/lineage.repository';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

/** The document's message when the pipeline is not loading lineage. */
export const NOT_LOADING_MESSAGE =
  'Pipeline does not have load_lineage=True, no relationships created';

@Injectable()
export class LineageService {
  constructor(
    private readonly repository: LineageRepository,
    private readonly pipelineService: PipelineService,
    private readonly addressService: AddressService,
  ) {}

  /**
   * POST /address_lineage, one transaction: locks the pipeline row (concurrent writes for one
   * pipeline serialise, and an execution end that turns load_lineage off is ordered with this);
   * while load_lineage is true, get-or-creates every address and type with one statement per kind
   * of row and makes the pipeline's edges the distinct sources × targets. Otherwise writes nothing.
   * A cross product over MAX_LINEAGE_EDGES is a 422 (it would hold the database for seconds).
   */
  @Transactional()
  async create(dto: CreateLineageDto): Promise<UpsertResult<CreateLineageResponse>> {
    assertEdgeCount(dto);
    const pipeline = await this.pipelineService.lockForLineage(dto.pipeline_id);
    if (!pipeline.load_lineage) {
      return {
        created: false,
        body: {
          pipeline_id: pipeline.id,
          lineage_relationships_created: 0,
          message: NOT_LOADING_MESSAGE,
        },
      };
    }
    const ids = await this.addressService.ensureAll([
      ...dto.source_addresses,
      ...dto.target_addresses,
    ]);
    const sourceIds = distinctIds(dto.source_addresses, ids);
    const targetIds = distinctIds(dto.target_addresses, ids);
    await this.repository.replaceForPipeline(pipeline.id, sourceIds, targetIds);
    return {
      created: true,
      body: {
        pipeline_id: pipeline.id,
        lineage_relationships_created: sourceIds.length * targetIds.length,
        message: `Lineage relationships created for pipeline ${pipeline.id}`,
      },
    };
  }
}

/** Rejects a write whose cross product exceeds MAX_LINEAGE_EDGES, before anything is read. */
function assertEdgeCount(dto: CreateLineageDto): void {
  const sources = new Set(dto.source_addresses.map((address) => address.name)).size;
  const targets = new Set(dto.target_addresses.map((address) => address.name)).size;
  if (sources * targets > MAX_LINEAGE_EDGES) {
    throw new TooManyLineageEdgesError(sources, targets, MAX_LINEAGE_EDGES);
  }
}

function distinctIds(addresses: LineageAddressDto[], ids: Map<string, number>): number[] {
  return [...new Set(addresses.map((address) => ids.get(address.name) as number))];
}
