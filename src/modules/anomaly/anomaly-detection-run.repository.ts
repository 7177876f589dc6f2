import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';

const IS_EVALUATED = `
  SELECT 1 AS found FROM anomaly_detection_run
  WHERE pipeline_execution_id = $1 AND end_version = $2`;

const MARK_EVALUATED = `
  INSERT INTO anomaly_detection_run (pipeline_execution_id, end_version) VALUES ($1, $2)
  ON CONFLICT (pipeline_execution_id) DO UPDATE
    SET end_version = EXCLUDED.end_version, evaluated_at = now()`;

/** Which end of each execution detection has evaluated (anomaly_detection_run). */
@Injectable()
export class AnomalyDetectionRunRepository {
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  async isEvaluated(executionId: number, endVersion: number): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(IS_EVALUATED, [executionId, endVersion]);
    return rows.length > 0;
  }

  async markEvaluated(executionId: number, endVersion: number): Promise<void> {
    await this.txHost.tx.query(MARK_EVALUATED, [executionId, endVersion]);
  }
}
