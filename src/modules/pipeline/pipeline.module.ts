import { Module } from '@nestjs/common';
import { PipelineTypeController } from 'src/modules/pipeline/pipeline-type.controller';
import { PipelineTypeRepository } from 'src/modules/pipeline/pipeline-type.repository';
import { PipelineTypeService } from 'src/modules/pipeline/pipeline-type.service';
import { PipelineController } from 'src/modules/pipeline/pipeline.controller';
import { PipelineRepository } from 'src/modules/pipeline/pipeline.repository';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

@Module({
  controllers: [PipelineController, PipelineTypeController],
  providers: [PipelineService, PipelineRepository, PipelineTypeService, PipelineTypeRepository],
  exports: [PipelineService],
})
export class PipelineModule {}
