import { Module } from '@nestjs/common';
import { AnomalyModule } from 'src/modules/anomaly/anomaly.module';
import { DashboardOverviewService } from 'src/modules/dashboard/dashboard-overview.service';
import { DashboardPipelineController } from 'src/modules/dashboard/dashboard-pipeline.controller';
import { DashboardPipelineService } from 'src/modules/dashboard/dashboard-pipeline.service';
import { DashboardSystemService } from 'src/modules/dashboard/dashboard-system.service';
import { DashboardController } from 'src/modules/dashboard/dashboard.controller';
import { DashboardRepository } from 'src/modules/dashboard/dashboard.repository';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';

/** The dashboard's read models (DESIGN §5.7): overview, pipeline page, system status. */
@Module({
  imports: [PipelineModule, AnomalyModule],
  controllers: [DashboardController, DashboardPipelineController],
  providers: [
    DashboardRepository,
    DashboardOverviewService,
    DashboardPipelineService,
    DashboardSystemService,
  ],
})
export class DashboardModule {}
