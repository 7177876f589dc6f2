import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateJobOutbox1764403200000 implements MigrationInterface {
  name = 'CreateJobOutbox1764403200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "job_outbox" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "queue" character varying(100) NOT NULL,
        "name" character varying(100) NOT NULL,
        "job_id" character varying(255),
        "payload" jsonb NOT NULL,
        "max_attempts" integer NOT NULL DEFAULT '5',
        "backoff_ms" integer NOT NULL DEFAULT '1000',
        "attempts_made" integer NOT NULL DEFAULT '0',
        "state" character varying(20) NOT NULL DEFAULT 'pending',
        "last_error" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_job_outbox" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_job_outbox_queue_job_id" ON "job_outbox" ("queue", "job_id") WHERE job_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_job_outbox_queue_job_id"`);
    await queryRunner.query(`DROP TABLE "job_outbox"`);
  }
}
