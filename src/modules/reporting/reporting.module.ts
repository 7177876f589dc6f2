import { Module } from '@nestjs/common';
import { ReportingController } from 'src/modules/reporting/reporting.controller';
import { ReportingRepository } from 'src/modules/reporting/reporting.repository';
import { ReportingService } from 'src/modules/reporting/reporting.service';

/** Daily per-pipeline execution metrics (issue 14), read straight from the executions. */
@Module({
  controllers: [ReportingController],
  providers: [ReportingRepository, ReportingService],
})
export class ReportingModule {}
