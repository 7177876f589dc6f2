import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { appConfig } from 'src/config/app.config';
import { databaseConfig } from 'src/config/database.config';
import { validateEnv } from 'src/config/env.schema';
import { redisConfig } from 'src/config/redis.config';
import { DatabaseModule } from 'src/database/database.module';
import { ExecutionModule } from 'src/modules/execution/execution.module';
import { HealthModule } from 'src/modules/health/health.module';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';
import { QueueModule } from 'src/queue/queue.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      // main.ts loads .env (loadEnvFile) before validating; tests must never read a developer's.
      ignoreEnvFile: true,
      validate: (raw) => ({ ...raw, ...validateEnv(raw) }),
      load: [appConfig, databaseConfig, redisConfig],
    }),
    ScheduleModule.forRoot(),
    DatabaseModule,
    QueueModule.forRoot(),
    HealthModule,
    PipelineModule,
    ExecutionModule,
  ],
})
export class AppModule {}
