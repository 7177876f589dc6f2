import { Injectable } from '@nestjs/common';
import { DashboardRepository } from 'src/modules/dashboard/dashboard.repository';
import { toOverviewResponse } from 'src/modules/dashboard/dashboard.mapper';
import { DEFAULT_PAGE_SIZE } from 'src/common/dto/numbered-page.query';
import type { OverviewQuery } from 'src/modules/dashboard/dto/overview.query';
import type { OverviewResponse } from 'src/modules/dashboard/dto/overview.response';

@Injectable()
export class DashboardOverviewService {
  constructor(private readonly repository: DashboardRepository) {}

  /** GET /dashboard/overview: one statement for the page, the counts and the type names. */
  async overview(query: OverviewQuery): Promise<OverviewResponse> {
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
    const result = await this.repository.overview({
      now: new Date(),
      pipelineTypeName: query.pipeline_type_name,
      search: query.search === '' ? undefined : query.search,
      state: query.state,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return toOverviewResponse(result, page, pageSize);
  }
}
