import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { appConfig } from 'src/config/app.config';
import { databaseConfig } from 'src/config/database.config';
import { validateEnv } from 'src/config/env.schema';
import { monitoringConfig } from 'src/config/monitoring.config';
import { notificationConfig } from 'src/config/notification.config';
import { redisConfig } from 'src/config/redis.config';
import { DatabaseModule } from 'src/database/database.module';
import { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';
import { AddressModule } from 'src/modules/address/address.module';
import { AnomalyModule } from 'src/modules/anomaly/anomaly.module';
import { DashboardModule } from 'src/modules/dashboard/dashboard.module';
import { DashboardUiModule } from 'src/modules/dashboard/ui/dashboard-ui.module';
import { ExecutionModule } from 'src/modules/execution/execution.module';
import { HealthModule } from 'src/modules/health/health.module';
import { MonitoringModule } from 'src/modules/monitoring/monitoring.module';
import { NotificationModule } from 'src/modules/notification/notification.module';
import { LineageModule } from 'src/modules/lineage/lineage.module';
import { PipelineModule } from 'src/modules/pipeline/pipeline.module';
import { ReportingModule } from 'src/modules/reporting/reporting.module';
import { QueueModule } from 'src/queue/queue.module';
import { SchedulingModule } from 'src/queue/scheduling/scheduling.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      // main.ts loads .env (loadEnvFile) before validating; tests must never read a developer's.
      ignoreEnvFile: true,
      validate: (raw) => ({ ...raw, ...validateEnv(raw) }),
      load: [appConfig, databaseConfig, redisConfig, monitoringConfig, notificationConfig],
    }),
    DatabaseModule,
    // Ambient transactions: a @Transactional() use case spans every repository call it makes.
    ClsModule.forRoot({
      global: true,
      plugins: [
        new ClsPluginTransactional({
          adapter: new AfterCommitTypeOrmAdapter({ dataSourceToken: getDataSourceToken() }),
        }),
      ],
    }),
    QueueModule.forRoot(),
    SchedulingModule.forRoot(),
    HealthModule,
    PipelineModule,
    ExecutionModule,
    AddressModule,
    LineageModule,
    MonitoringModule,
    NotificationModule,
    AnomalyModule,
    DashboardModule,
    ReportingModule,
    DashboardUiModule,
  ],
})
export class AppModule {}
