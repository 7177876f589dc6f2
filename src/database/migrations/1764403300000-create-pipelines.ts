import type { MigrationInterface, QueryRunner } from 'typeorm';

const DATEPARTS = "('minute','hour','day','week','month','year')";

export class CreatePipelines1764403300000 implements MigrationInterface {
  name = 'CreatePipelines1764403300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "pipeline_type" (
        "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
        "name" character varying(150) NOT NULL,
        "freshness_number" integer,
        "freshness_datepart" character varying(10),
        "mute_freshness_check" boolean NOT NULL DEFAULT false,
        "timeliness_number" integer,
        "timeliness_datepart" character varying(10),
        "mute_timeliness_check" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_pipeline_type" PRIMARY KEY ("id"),
        CONSTRAINT "uq_pipeline_type_name" UNIQUE ("name"),
        CONSTRAINT "ck_pipeline_type_freshness_number" CHECK (freshness_number > 0),
        CONSTRAINT "ck_pipeline_type_timeliness_number" CHECK (timeliness_number > 0),
        CONSTRAINT "ck_pipeline_type_freshness_datepart" CHECK (freshness_datepart IN ${DATEPARTS}),
        CONSTRAINT "ck_pipeline_type_timeliness_datepart" CHECK (timeliness_datepart IN ${DATEPARTS})
      )`);
    await queryRunner.query(`
      CREATE TABLE "pipeline" (
        "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
        "name" character varying(150) NOT NULL,
        "pipeline_type_id" integer NOT NULL,
        "watermark" character varying(255),
        "next_watermark" character varying(255),
        "pipeline_metadata" jsonb,
        "last_target_insert" TIMESTAMP WITH TIME ZONE,
        "last_target_update" TIMESTAMP WITH TIME ZONE,
        "last_target_soft_delete" TIMESTAMP WITH TIME ZONE,
        "freshness_number" integer,
        "freshness_datepart" character varying(10),
        "mute_freshness_check" boolean NOT NULL DEFAULT false,
        "timeliness_number" integer,
        "timeliness_datepart" character varying(10),
        "mute_timeliness_check" boolean NOT NULL DEFAULT false,
        "load_lineage" boolean NOT NULL DEFAULT true,
        "active" boolean NOT NULL DEFAULT true,
        "config_hash" character varying(64),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_pipeline" PRIMARY KEY ("id"),
        CONSTRAINT "uq_pipeline_name" UNIQUE ("name"),
        CONSTRAINT "fk_pipeline_pipeline_type" FOREIGN KEY ("pipeline_type_id")
          REFERENCES "pipeline_type"("id") ON DELETE RESTRICT,
        CONSTRAINT "ck_pipeline_freshness_number" CHECK (freshness_number > 0),
        CONSTRAINT "ck_pipeline_timeliness_number" CHECK (timeliness_number > 0),
        CONSTRAINT "ck_pipeline_freshness_datepart" CHECK (freshness_datepart IN ${DATEPARTS}),
        CONSTRAINT "ck_pipeline_timeliness_datepart" CHECK (timeliness_datepart IN ${DATEPARTS})
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_pipeline_pipeline_type_id" ON "pipeline" ("pipeline_type_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pipeline"`);
    await queryRunner.query(`DROP TABLE "pipeline_type"`);
  }
}
