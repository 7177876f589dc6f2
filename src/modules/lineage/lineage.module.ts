import { Module } from '@nestjs/common';
import { AddressModule } from 'src/modules/address/address.module';
import { LineageGraphController } from 'src/modules/lineage/lineage-graph.controller';
import { LineageGraphService } from 'src/modules/lineage/lineage-graph.service';
import { LineageController } from 'src/modules/lineage/lineage.controller';
import { LineageRepository } from 'src/modules/lineage/lineage.repository';
import { LineageService } from 'src/modules/lineage/lineage.service';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';

@Module({
  imports: [PipelineModule, AddressModule],
  controllers: [LineageController, LineageGraphController],
  providers: [LineageService, LineageGraphService, LineageRepository],
  exports: [LineageService],
})
export class LineageModule {}
