import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Transactional outbox lifecycle (dedup policy, due time, dead state) and schedule slots. */
export class JobSeams1764403500000 implements MigrationInterface {
  name = 'JobSeams1764403500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_job_outbox_queue_job_id"`);
    await queryRunner.query(`
      ALTER TABLE "job_outbox"
        ADD "dedup" character varying(20) NOT NULL DEFAULT 'none',
        ADD "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    // Rows of the previous version: keyed jobs deduplicated while pending; failed ones are dead.
    await queryRunner.query(
      `UPDATE "job_outbox" SET "dedup" = 'while-pending' WHERE "job_id" IS NOT NULL`,
    );
    await queryRunner.query(`UPDATE "job_outbox" SET "state" = 'dead' WHERE "state" = 'failed'`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_job_outbox_pending_key" ON "job_outbox" ("queue", "job_id") WHERE job_id IS NOT NULL AND dedup = 'while-pending' AND state IN ('pending', 'relaying')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_job_outbox_once_key" ON "job_outbox" ("queue", "job_id") WHERE job_id IS NOT NULL AND dedup = 'once-ever'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_job_outbox_due" ON "job_outbox" ("available_at") WHERE state IN ('pending', 'relaying')`,
    );
    await queryRunner.query(`
      CREATE TABLE "scheduled_run" (
        "check_name" character varying(100) NOT NULL,
        "slot_start" TIMESTAMP WITH TIME ZONE NOT NULL,
        "claimed_by" character varying(200) NOT NULL,
        "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_scheduled_run" PRIMARY KEY ("check_name", "slot_start")
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "scheduled_run"`);
    await queryRunner.query(`DROP INDEX "public"."ix_job_outbox_due"`);
    await queryRunner.query(`DROP INDEX "public"."uq_job_outbox_once_key"`);
    await queryRunner.query(`DROP INDEX "public"."uq_job_outbox_pending_key"`);
    await queryRunner.query(`DELETE FROM "job_outbox" WHERE "state" = 'done'`);
    await queryRunner.query(`UPDATE "job_outbox" SET "state" = 'failed' WHERE "state" = 'dead'`);
    await queryRunner.query(
      `UPDATE "job_outbox" SET "state" = 'pending' WHERE "state" = 'relaying'`,
    );
    await queryRunner.query(
      `ALTER TABLE "job_outbox" DROP COLUMN "updated_at", DROP COLUMN "available_at", DROP COLUMN "dedup"`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_job_outbox_queue_job_id" ON "job_outbox" ("queue", "job_id") WHERE job_id IS NOT NULL AND state = 'pending'`,
    );
  }
}
