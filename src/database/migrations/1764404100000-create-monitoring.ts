import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Freshness and timeliness logs; the index of still-running executions (timeliness window). */
export class CreateMonitoring1764404100000 implements MigrationInterface {
  name = 'CreateMonitoring1764404100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "freshness_pipeline_log" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "pipeline_id" integer NOT NULL,
        "last_dml_timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
        "stale_since" TIMESTAMP WITH TIME ZONE NOT NULL,
        "evaluation_timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
        "freshness_number" integer NOT NULL,
        "freshness_datepart" character varying(10) NOT NULL,
        "threshold_source" character varying(20) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_freshness_pipeline_log" PRIMARY KEY ("id"),
        CONSTRAINT "uq_freshness_pipeline_log_pipeline_last_dml"
          UNIQUE ("pipeline_id", "last_dml_timestamp"),
        CONSTRAINT "ck_freshness_pipeline_log_threshold_source"
          CHECK (threshold_source IN ('pipeline', 'pipeline_type')),
        CONSTRAINT "fk_freshness_pipeline_log_pipeline" FOREIGN KEY ("pipeline_id")
          REFERENCES "pipeline"("id") ON DELETE CASCADE
      )`);
    // Retention (older than the cutoff) and GET /freshness?since=.
    await queryRunner.query(
      `CREATE INDEX "ix_freshness_pipeline_log_evaluation_timestamp" ON "freshness_pipeline_log" ("evaluation_timestamp")`,
    );
    await queryRunner.query(`
      CREATE TABLE "timeliness_pipeline_execution_log" (
        "pipeline_execution_id" bigint NOT NULL,
        "pipeline_id" integer NOT NULL,
        "execution_status" character varying(20) NOT NULL,
        "start_date" TIMESTAMP WITH TIME ZONE NOT NULL,
        "end_date" TIMESTAMP WITH TIME ZONE,
        "deadline" TIMESTAMP WITH TIME ZONE NOT NULL,
        "duration_seconds" bigint NOT NULL,
        "seconds_threshold" bigint NOT NULL,
        "timeliness_number" integer NOT NULL,
        "timeliness_datepart" character varying(10) NOT NULL,
        "threshold_source" character varying(20) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_timeliness_pipeline_execution_log" PRIMARY KEY ("pipeline_execution_id"),
        CONSTRAINT "ck_timeliness_pipeline_execution_log_status"
          CHECK (execution_status IN ('running', 'completed')),
        CONSTRAINT "ck_timeliness_pipeline_execution_log_threshold_source"
          CHECK (threshold_source IN ('pipeline', 'pipeline_type')),
        CONSTRAINT "fk_timeliness_pipeline_execution_log_execution"
          FOREIGN KEY ("pipeline_execution_id")
          REFERENCES "pipeline_execution"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_timeliness_pipeline_execution_log_pipeline" FOREIGN KEY ("pipeline_id")
          REFERENCES "pipeline"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_timeliness_pipeline_execution_log_pipeline_created" ON "timeliness_pipeline_execution_log" ("pipeline_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_timeliness_pipeline_execution_log_created_at" ON "timeliness_pipeline_execution_log" ("created_at")`,
    );
    // Timeliness: executions still running that started before the lookback window.
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_running_start" ON "pipeline_execution" ("start_date") WHERE end_date IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_pipeline_execution_running_start"`);
    await queryRunner.query(`DROP TABLE "timeliness_pipeline_execution_log"`);
    await queryRunner.query(`DROP TABLE "freshness_pipeline_log"`);
  }
}
