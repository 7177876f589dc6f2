import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes of the dashboard's read paths (issue 14). */
export class DashboardIndexes1764405000000 implements MigrationInterface {
  name = 'DashboardIndexes1764405000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A pipeline's last run (latest start, of any status) and its runs page, newest first.
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_pipeline_start" ON "pipeline_execution" ("pipeline_id", "start_date" DESC, "id" DESC)`,
    );
    // Open anomalies: a pipeline's ended runs with a flag still set (a small subset).
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_flagged" ON "pipeline_execution" ("pipeline_id", "end_date") WHERE anomaly_flags @? '$.* ? (@ == true)'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_pipeline_execution_flagged"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pipeline_execution_pipeline_start"`);
  }
}
