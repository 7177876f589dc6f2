import { ClsPluginTransactional, NoOpTransactionalAdapter } from '@nestjs-cls/transactional';
import { Test } from '@nestjs/testing';
import { ClsModule } from 'nestjs-cls';
import { AnomalyDetectionService } from 'src/modules/anomaly/anomaly-detection.service';
import { AnomalyResultRepository } from 'src/modules/anomaly/anomaly-result.repository';
import { AnomalyRuleRepository } from 'src/modules/anomaly/anomaly-rule.repository';
import type { AnomalyDetectionRuleEntity } from 'src/modules/anomaly/entities/anomaly-detection-rule.entity';
import { type AnomalySubject, ExecutionService } from 'src/modules/execution/execution.service';
import { NotificationService } from 'src/modules/notification/notification.service';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

function rule(id: number, metric: string, extra: Partial<AnomalyDetectionRuleEntity> = {}) {
  return {
    id,
    pipeline_id: 4,
    metric_field: metric,
    z_threshold: 2,
    lookback_days: 30,
    minimum_executions: 5,
    direction: 'both',
    min_change_percent: 0,
    active: true,
    created_at: new Date(),
    updated_at: null,
    ...extra,
  };
}

const SUBJECT: AnomalySubject = {
  id: 11,
  pipelineId: 4,
  startDate: new Date('2024-06-11T10:15:00Z'),
  hourRecorded: 10,
  isSuccessful: true,
  endVersion: 1718100960000000,
  anomalyFlags: { inserts: true },
  metrics: {
    duration_seconds: 60,
    inserts: 100,
    updates: null,
    soft_deletes: 0,
    total_rows: 100_000,
    throughput: 1666.6667,
  },
};

describe('AnomalyDetectionService', () => {
  let rules: jest.Mocked<Pick<AnomalyRuleRepository, 'findActiveByPipeline'>>;
  let results: jest.Mocked<Pick<AnomalyResultRepository, 'replaceForExecution' | 'isEvaluated'>>;
  let executions: jest.Mocked<
    Pick<ExecutionService, 'lockForAnomalies' | 'getBaselineStatistics' | 'mergeAnomalyFlags'>
  >;
  let pipelines: jest.Mocked<Pick<PipelineService, 'getById'>>;
  let notifications: jest.Mocked<Pick<NotificationService, 'raise'>>;
  let service: AnomalyDetectionService;

  beforeEach(async () => {
    rules = { findActiveByPipeline: jest.fn() };
    results = {
      replaceForExecution: jest.fn().mockResolvedValue([]),
      isEvaluated: jest.fn().mockResolvedValue(false),
    };
    executions = {
      lockForAnomalies: jest.fn().mockResolvedValue(SUBJECT),
      getBaselineStatistics: jest.fn(),
      mergeAnomalyFlags: jest.fn(),
    };
    pipelines = {
      getById: jest.fn().mockResolvedValue({ id: 4, name: 'daily sales' }),
    };
    notifications = { raise: jest.fn().mockResolvedValue({ id: 77, created: true }) };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ClsModule.forRoot({
          plugins: [
            new ClsPluginTransactional({ adapter: new NoOpTransactionalAdapter({ tx: {} }) }),
          ],
        }),
      ],
      providers: [
        AnomalyDetectionService,
        { provide: AnomalyRuleRepository, useValue: rules },
        { provide: AnomalyResultRepository, useValue: results },
        { provide: ExecutionService, useValue: executions },
        { provide: PipelineService, useValue: pipelines },
        { provide: NotificationService, useValue: notifications },
      ],
    }).compile();
    service = moduleRef.get(AnomalyDetectionService);
  });

  it('should fetch every baseline in one call, write results, flag changes and the marker', async () => {
    rules.findActiveByPipeline.mockResolvedValue([
      rule(1, 'total_rows'),
      rule(2, 'inserts'),
      rule(3, 'updates'),
    ]);
    executions.getBaselineStatistics.mockResolvedValue([
      { size: 10, mean: 105, stddev: 5 },
      { size: 10, mean: 105, stddev: 5 },
      { size: 10, mean: 105, stddev: 5 },
    ]);
    results.replaceForExecution.mockResolvedValue(['inserts']);

    const outcome = await service.detectForExecution(11);

    expect(outcome).toEqual({ status: 'evaluated', rulesEvaluated: 3, anomalies: 1, alertId: 77 });
    expect(executions.getBaselineStatistics).toHaveBeenCalledTimes(1);
    expect(executions.getBaselineStatistics).toHaveBeenCalledWith(SUBJECT, [
      { metric: 'total_rows', lookbackDays: 30 },
      { metric: 'inserts', lookbackDays: 30 },
      { metric: 'updates', lookbackDays: 30 },
    ]);
    expect(results.replaceForExecution).toHaveBeenCalledWith(
      11,
      SUBJECT.endVersion,
      [1, 2, 3],
      [
        expect.objectContaining({
          anomaly_detection_rule_id: 1,
          metric_field: 'total_rows',
          value: 100_000,
          mean: 105,
          stddev: 5,
          z_score: (100_000 - 105) / 5,
          lower_bound: 95,
          upper_bound: 115,
          baseline_size: 10,
          direction: 'spike',
          z_threshold: 2,
        }),
      ],
    );
    // inserts (100) is normal now: its earlier flag goes false.
    expect(executions.mergeAnomalyFlags).toHaveBeenCalledWith(11, {
      total_rows: true,
      inserts: false,
    });
    expect(notifications.raise).toHaveBeenCalledTimes(1);
    expect(notifications.raise).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'anomaly',
        severity: 'warning',
        dedupKey: 'anomaly:11',
        pipelineId: 4,
        title: 'Anomaly in total_rows of daily sales',
      }),
    );
  });

  it('should raise no alert when nothing is anomalous', async () => {
    rules.findActiveByPipeline.mockResolvedValue([rule(1, 'total_rows')]);
    executions.getBaselineStatistics.mockResolvedValue([{ size: 3, mean: 105, stddev: 5 }]);
    expect(await service.detectForExecution(11)).toEqual({
      status: 'evaluated',
      rulesEvaluated: 1,
      anomalies: 0,
    });
    expect(results.replaceForExecution).toHaveBeenCalledWith(11, SUBJECT.endVersion, [1], []);
    expect(notifications.raise).not.toHaveBeenCalled();
  });

  it('should change nothing for an end it has already evaluated', async () => {
    results.isEvaluated.mockResolvedValue(true);
    expect(await service.detectForExecution(11)).toMatchObject({ status: 'already_evaluated' });
    expect(results.isEvaluated).toHaveBeenCalledWith(11, SUBJECT.endVersion);
    expect(rules.findActiveByPipeline).not.toHaveBeenCalled();
    expect(results.replaceForExecution).not.toHaveBeenCalled();
    expect(executions.mergeAnomalyFlags).not.toHaveBeenCalled();
  });

  it('should do nothing for a missing execution or one that did not succeed', async () => {
    executions.lockForAnomalies.mockResolvedValueOnce(null);
    expect(await service.detectForExecution(11)).toMatchObject({ status: 'not_found' });
    executions.lockForAnomalies.mockResolvedValueOnce({ ...SUBJECT, isSuccessful: false });
    expect(await service.detectForExecution(11)).toMatchObject({ status: 'not_successful' });
    expect(rules.findActiveByPipeline).not.toHaveBeenCalled();
    expect(results.replaceForExecution).not.toHaveBeenCalled();
  });
});
