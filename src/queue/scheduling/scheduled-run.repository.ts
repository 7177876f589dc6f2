import { TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AfterCommitTypeOrmAdapter } from 'src/database/transactions/after-commit-typeorm.adapter';

const CLAIM_SLOT = `
  INSERT INTO scheduled_run (check_name, slot_start, claimed_by) VALUES ($1, $2::timestamptz, $3)
  ON CONFLICT (check_name, slot_start) DO NOTHING RETURNING check_name`;

const DELETE_BEFORE = `
  DELETE FROM scheduled_run WHERE slot_start < now() - $1 * interval '1 day'`;

@Injectable()
export class ScheduledRunRepository {
  constructor(private readonly txHost: TransactionHost<AfterCommitTypeOrmAdapter>) {}

  /** True for exactly one caller per (check, slot), whatever the number of replicas. */
  async claim(checkName: string, slotStart: Date, claimedBy: string): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(CLAIM_SLOT, [
      checkName,
      slotStart.toISOString(),
      claimedBy,
    ]);
    return rows.length > 0;
  }

  async deleteOlderThan(days: number): Promise<number> {
    const result: [unknown[], number] = await this.txHost.tx.query(DELETE_BEFORE, [days]);
    return result[1];
  }
}
