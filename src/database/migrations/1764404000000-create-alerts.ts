import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Alerts (one per dedup key) and their deliveries (one per alert and channel). */
export class CreateAlerts1764404000000 implements MigrationInterface {
  name = 'CreateAlerts1764404000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "alert" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "kind" character varying(20) NOT NULL,
        "severity" character varying(10) NOT NULL,
        "dedup_key" character varying(255) NOT NULL,
        "pipeline_id" integer,
        "title" character varying(255) NOT NULL,
        "summary" text NOT NULL,
        "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_alert_dedup_key" UNIQUE ("dedup_key"),
        CONSTRAINT "pk_alert" PRIMARY KEY ("id"),
        CONSTRAINT "ck_alert_kind" CHECK (kind IN ('anomaly','freshness','timeliness','queue','test')),
        CONSTRAINT "ck_alert_severity" CHECK (severity IN ('info','warning','critical')),
        CONSTRAINT "fk_alert_pipeline" FOREIGN KEY ("pipeline_id")
          REFERENCES "pipeline"("id") ON DELETE SET NULL
      )`);
    // A pipeline's alerts newest first; also serves ON DELETE SET NULL from pipeline.
    await queryRunner.query(
      `CREATE INDEX "ix_alert_pipeline_id_id" ON "alert" ("pipeline_id", "id" DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE "alert_delivery" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "alert_id" bigint NOT NULL,
        "channel" character varying(20) NOT NULL,
        "status" character varying(10) NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "response_status" integer,
        "sent_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "uq_alert_delivery_alert_channel" UNIQUE ("alert_id", "channel"),
        CONSTRAINT "pk_alert_delivery" PRIMARY KEY ("id"),
        CONSTRAINT "ck_alert_delivery_channel" CHECK (channel IN ('slack','webhook')),
        CONSTRAINT "ck_alert_delivery_status" CHECK (status IN ('pending','sent','failed')),
        CONSTRAINT "ck_alert_delivery_attempts" CHECK (attempts >= 0),
        CONSTRAINT "fk_alert_delivery_alert" FOREIGN KEY ("alert_id")
          REFERENCES "alert"("id") ON DELETE CASCADE
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "alert_delivery"`);
    await queryRunner.query(`DROP TABLE "alert"`);
  }
}
