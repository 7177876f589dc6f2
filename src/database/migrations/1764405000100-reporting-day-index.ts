import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting by day (issue 14): the (UTC start day, pipeline) groups of a window, read from the
 * index alone (DISTINCT over it, then each page group's range).
 */
export class ReportingDayIndex1764405000100 implements MigrationInterface {
  name = 'ReportingDayIndex1764405000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_date_pipeline" ON "pipeline_execution" ("date_recorded", "pipeline_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_pipeline_execution_date_pipeline"`);
  }
}
