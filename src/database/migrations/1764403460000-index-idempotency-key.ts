import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key is looked up across pipelines (a key reused for another pipeline is refused
 * with 422), which the (pipeline_id, idempotency_key) unique index cannot serve.
 */
export class IndexIdempotencyKey1764403460000 implements MigrationInterface {
  name = 'IndexIdempotencyKey1764403460000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_idempotency_key" ON "pipeline_execution" ("idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_pipeline_execution_idempotency_key"`);
  }
}
