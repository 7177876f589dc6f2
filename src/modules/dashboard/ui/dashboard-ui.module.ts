import { Module } from '@nestjs/common';
import { DashboardUiController } from 'src/modules/dashboard/ui/dashboard-ui.controller';
import { DashboardUiService } from 'src/modules/dashboard/ui/dashboard-ui.service';

/** Serves the built web dashboard (web/, built into dist/web/) at /ui/. */
@Module({
  controllers: [DashboardUiController],
  providers: [DashboardUiService],
})
export class DashboardUiModule {}
