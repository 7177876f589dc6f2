import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from 'src/modules/health/health.controller';
import { HealthService } from 'src/modules/health/health.service';
import { ProcessHealthIndicator } from 'src/modules/health/process.health-indicator';
import { QueueHealthIndicator } from 'src/modules/health/queue.health-indicator';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HealthService, QueueHealthIndicator, ProcessHealthIndicator],
})
export class HealthModule {}
