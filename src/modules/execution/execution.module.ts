import { Module } from '@nestjs/common';
import { ExecutionController } from 'src/modules/execution/execution.controller';
import { ExecutionRepository } from 'src/modules/execution/execution.repository';
import { ExecutionService } from 'src/modules/execution/execution.service';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';

@Module({
  imports: [PipelineModule],
  controllers: [ExecutionController],
  providers: [ExecutionService, ExecutionRepository],
  exports: [ExecutionService],
})
export class ExecutionModule {}
