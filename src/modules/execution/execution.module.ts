import { Module } from '@nestjs/common';
import { ExecutionController } from 'src/modules/execution/execution.controller';
import { ExecutionIngestRepository } from 'src/modules/execution/execution-ingest.repository';
import { ExecutionIngestService } from 'src/modules/execution/execution-ingest.service';
import { ExecutionRepository } from 'src/modules/execution/execution.repository';
import { ExecutionService } from 'src/modules/execution/execution.service';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';

@Module({
  imports: [PipelineModule],
  controllers: [ExecutionController],
  providers: [
    ExecutionService,
    ExecutionRepository,
    ExecutionIngestService,
    ExecutionIngestRepository,
  ],
  exports: [ExecutionService],
})
export class ExecutionModule {}
