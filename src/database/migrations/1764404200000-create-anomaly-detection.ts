import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Anomaly detection: rules, results, the detection marker, and the baseline index. */
export class CreateAnomalyDetection1764404200000 implements MigrationInterface {
  name = 'CreateAnomalyDetection1764404200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "anomaly_detection_rule" (
        "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
        "pipeline_id" integer NOT NULL,
        "metric_field" character varying(30) NOT NULL,
        "z_threshold" double precision NOT NULL DEFAULT '3',
        "lookback_days" integer NOT NULL DEFAULT '30',
        "minimum_executions" integer NOT NULL DEFAULT '30',
        "direction" character varying(10) NOT NULL DEFAULT 'both',
        "min_change_percent" double precision NOT NULL DEFAULT '0',
        "active" boolean NOT NULL DEFAULT true,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_anomaly_detection_rule" PRIMARY KEY ("id"),
        CONSTRAINT "uq_anomaly_detection_rule_pipeline_metric" UNIQUE ("pipeline_id", "metric_field"),
        CONSTRAINT "ck_anomaly_detection_rule_metric_field" CHECK (metric_field IN ('duration_seconds','inserts','updates','soft_deletes','total_rows','throughput')),
        CONSTRAINT "ck_anomaly_detection_rule_z_threshold" CHECK (z_threshold BETWEEN 1 AND 10),
        CONSTRAINT "ck_anomaly_detection_rule_lookback_days" CHECK (lookback_days BETWEEN 1 AND 365),
        CONSTRAINT "ck_anomaly_detection_rule_minimum_executions" CHECK (minimum_executions BETWEEN 5 AND 1000),
        CONSTRAINT "ck_anomaly_detection_rule_direction" CHECK (direction IN ('both','spike','drop')),
        CONSTRAINT "ck_anomaly_detection_rule_min_change_percent" CHECK (min_change_percent BETWEEN 0 AND 1000),
        CONSTRAINT "fk_anomaly_detection_rule_pipeline" FOREIGN KEY ("pipeline_id")
          REFERENCES "pipeline"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE "anomaly_detection_result" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "pipeline_execution_id" bigint NOT NULL,
        "anomaly_detection_rule_id" integer NOT NULL,
        "metric_field" character varying(30) NOT NULL,
        "value" double precision NOT NULL,
        "mean" double precision NOT NULL,
        "stddev" double precision NOT NULL,
        "z_score" double precision NOT NULL,
        "lower_bound" double precision NOT NULL,
        "upper_bound" double precision NOT NULL,
        "baseline_size" integer NOT NULL,
        "direction" character varying(10) NOT NULL,
        "z_threshold" double precision NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_anomaly_detection_result" PRIMARY KEY ("id"),
        CONSTRAINT "uq_anomaly_detection_result_execution_rule" UNIQUE ("pipeline_execution_id", "anomaly_detection_rule_id"),
        CONSTRAINT "fk_anomaly_detection_result_execution" FOREIGN KEY ("pipeline_execution_id")
          REFERENCES "pipeline_execution"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_anomaly_detection_result_rule" FOREIGN KEY ("anomaly_detection_rule_id")
          REFERENCES "anomaly_detection_rule"("id") ON DELETE CASCADE
      )`);
    // A rule's latest result (status), and the rule foreign key (cascade on rule delete).
    await queryRunner.query(
      `CREATE INDEX "ix_anomaly_detection_result_rule_id" ON "anomaly_detection_result" ("anomaly_detection_rule_id", "id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "anomaly_detection_run" (
        "pipeline_execution_id" bigint NOT NULL,
        "end_version" bigint NOT NULL,
        "evaluated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_anomaly_detection_run" PRIMARY KEY ("pipeline_execution_id"),
        CONSTRAINT "fk_anomaly_detection_run_execution" FOREIGN KEY ("pipeline_execution_id")
          REFERENCES "pipeline_execution"("id") ON DELETE CASCADE
      )`);
    // Baselines select by start_date (the lookback window is relative to the execution's start),
    // so the index keys on start_date instead of end_date.
    await queryRunner.query(`DROP INDEX "public"."ix_pipeline_execution_anomaly_baseline"`);
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_anomaly_baseline" ON "pipeline_execution" ("pipeline_id", "hour_recorded", "start_date") WHERE end_date IS NOT NULL AND completed_successfully`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_pipeline_execution_anomaly_baseline"`);
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_execution_anomaly_baseline" ON "pipeline_execution" ("pipeline_id", "hour_recorded", "end_date") WHERE end_date IS NOT NULL AND completed_successfully`,
    );
    await queryRunner.query(`DROP TABLE "anomaly_detection_run"`);
    await queryRunner.query(`DROP TABLE "anomaly_detection_result"`);
    await queryRunner.query(`DROP TABLE "anomaly_detection_rule"`);
  }
}
