import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The newest successful run of each pipeline (by start_date, then id) is kept on the pipeline
 * row, so the end of an execution can apply "an older run never moves the watermark back" in its
 * one UPDATE of the pipeline: PostgreSQL re-evaluates that UPDATE on the row's latest version
 * after waiting for a concurrent end, which a separate look at the executions would not see.
 */
export class PipelineNewestSuccess1764407000000 implements MigrationInterface {
  name = 'PipelineNewestSuccess1764407000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "pipeline"
        ADD COLUMN "newest_success_start_date" TIMESTAMP WITH TIME ZONE,
        ADD COLUMN "newest_success_execution_id" bigint`);
    await queryRunner.query(`
      UPDATE pipeline p SET newest_success_start_date = n.start_date,
        newest_success_execution_id = n.id
      FROM (
        SELECT DISTINCT ON (pipeline_id) pipeline_id, start_date, id FROM pipeline_execution
        WHERE completed_successfully AND end_date IS NOT NULL
        ORDER BY pipeline_id, start_date DESC, id DESC) n
      WHERE n.pipeline_id = p.id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "pipeline" DROP COLUMN "newest_success_start_date",
        DROP COLUMN "newest_success_execution_id"`);
  }
}
