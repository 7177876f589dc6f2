import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { NumberedPageQuery } from 'src/common/dto/numbered-page.query';
import { trimLower } from 'src/modules/dashboard/dto/overview.query';
import { RUN_STATUSES, type RunStatus } from 'src/modules/dashboard/dashboard-state.util';

/** GET /dashboard/pipelines/{id}/runs. */
export class ListRunsQuery extends NumberedPageQuery {
  @ApiPropertyOptional({ enum: RUN_STATUSES, enumName: 'RunStatus', example: 'failed' })
  @IsOptional()
  @Transform(trimLower)
  @IsIn(RUN_STATUSES, { message: `$property must be one of ${RUN_STATUSES.join(', ')}` })
  status?: RunStatus;
}
