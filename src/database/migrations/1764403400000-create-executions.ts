import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExecutions1764403400000 implements MigrationInterface {
  name = 'CreateExecutions1764403400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "pipeline_execution" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "pipeline_id" integer NOT NULL,
        "parent_id" bigint,
        "start_date" TIMESTAMP WITH TIME ZONE NOT NULL,
        "end_date" TIMESTAMP WITH TIME ZONE,
        "duration_seconds" bigint,
        "completed_successfully" boolean,
        "inserts" bigint,
        "updates" bigint,
        "soft_deletes" bigint,
        "total_rows" bigint,
        "watermark" character varying(255),
        "next_watermark" character varying(255),
        "execution_metadata" jsonb,
        "anomaly_flags" jsonb,
        "throughput" numeric,
        "hour_recorded" smallint NOT NULL,
        "date_recorded" date NOT NULL,
        "idempotency_key" character varying(255),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_pipeline_execution" PRIMARY KEY ("id"),
        CONSTRAINT "ck_pipeline_execution_end_after_start" CHECK (end_date > start_date),
        CONSTRAINT "ck_pipeline_execution_hour_recorded" CHECK (hour_recorded BETWEEN 0 AND 23),
        CONSTRAINT "ck_pipeline_execution_inserts" CHECK (inserts >= 0),
        CONSTRAINT "ck_pipeline_execution_updates" CHECK (updates >= 0),
        CONSTRAINT "ck_pipeline_execution_soft_deletes" CHECK (soft_deletes >= 0),
        CONSTRAINT "ck_pipeline_execution_total_rows" CHECK (total_rows >= 0),
        CONSTRAINT "fk_pipeline_execution_pipeline" FOREIGN KEY ("pipeline_id")
          REFERENCES "pipeline"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_pipeline_execution_parent" FOREIGN KEY ("parent_id")
          REFERENCES "pipeline_execution"("id") ON DELETE CASCADE
      )`);
    // Anomaly baselines: a pipeline's successful, ended runs in one UTC hour of day, by end date.
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_anomaly_baseline" ON "pipeline_execution" ("pipeline_id", "hour_recorded", "end_date") WHERE end_date IS NOT NULL AND completed_successfully`,
    );
    // The newest successful run of a pipeline: an older run ending later never moves the watermark back.
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_success_start" ON "pipeline_execution" ("pipeline_id", "start_date") WHERE end_date IS NOT NULL AND completed_successfully`,
    );
    // Timeliness window and retention (executions that started before a cutoff).
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_start_date" ON "pipeline_execution" ("start_date")`,
    );
    // Listing a pipeline's executions newest first (also serves the pipeline foreign key).
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_pipeline_id_id" ON "pipeline_execution" ("pipeline_id", "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_parent_id" ON "pipeline_execution" ("parent_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_pipeline_execution_idempotency_key" ON "pipeline_execution" ("pipeline_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "pipeline_execution_closure" (
        "ancestor_id" bigint NOT NULL,
        "descendant_id" bigint NOT NULL,
        "depth" integer NOT NULL,
        CONSTRAINT "pk_pipeline_execution_closure" PRIMARY KEY ("ancestor_id", "descendant_id"),
        CONSTRAINT "ck_pipeline_execution_closure_depth" CHECK (depth >= 0),
        CONSTRAINT "fk_pipeline_execution_closure_ancestor" FOREIGN KEY ("ancestor_id")
          REFERENCES "pipeline_execution"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_pipeline_execution_closure_descendant" FOREIGN KEY ("descendant_id")
          REFERENCES "pipeline_execution"("id") ON DELETE CASCADE
      )`);
    // The reverse direction: the ancestors of an execution (and the descendant foreign key).
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_closure_descendant_id" ON "pipeline_execution_closure" ("descendant_id", "ancestor_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pipeline_execution_closure"`);
    await queryRunner.query(`DROP TABLE "pipeline_execution"`);
  }
}
