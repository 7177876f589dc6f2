import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Address types, addresses and lineage edges (DESIGN §4, §5.3). */
export class CreateAddressesAndLineage1764403800000 implements MigrationInterface {
  name = 'CreateAddressesAndLineage1764403800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "address_type" (
        "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
        "name" character varying(150) NOT NULL,
        "group_name" character varying(150) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_address_type" PRIMARY KEY ("id"),
        CONSTRAINT "uq_address_type_name" UNIQUE ("name")
      )`);
    await queryRunner.query(`
      CREATE TABLE "address" (
        "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
        "name" character varying(150) NOT NULL,
        "address_type_id" integer NOT NULL,
        "database_name" character varying(50),
        "schema_name" character varying(50),
        "table_name" character varying(50),
        "primary_key" character varying(50),
        "address_metadata" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_address" PRIMARY KEY ("id"),
        CONSTRAINT "uq_address_name" UNIQUE ("name"),
        CONSTRAINT "fk_address_address_type" FOREIGN KEY ("address_type_id")
          REFERENCES "address_type"("id") ON DELETE RESTRICT
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_address_address_type_id" ON "address" ("address_type_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "address_lineage" (
        "pipeline_id" integer NOT NULL,
        "source_address_id" integer NOT NULL,
        "target_address_id" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_address_lineage"
          PRIMARY KEY ("pipeline_id", "source_address_id", "target_address_id"),
        CONSTRAINT "fk_address_lineage_pipeline" FOREIGN KEY ("pipeline_id")
          REFERENCES "pipeline"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_address_lineage_source_address" FOREIGN KEY ("source_address_id")
          REFERENCES "address"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_address_lineage_target_address" FOREIGN KEY ("target_address_id")
          REFERENCES "address"("id") ON DELETE CASCADE
      )`);
    // Downstream traversal (edges out of a frontier), index-only; also the source foreign key.
    await queryRunner.query(
      `CREATE INDEX "ix_address_lineage_source" ON "address_lineage" ("source_address_id", "target_address_id", "pipeline_id")`,
    );
    // Upstream traversal (edges into a frontier), index-only; also the target foreign key.
    await queryRunner.query(
      `CREATE INDEX "ix_address_lineage_target" ON "address_lineage" ("target_address_id", "source_address_id", "pipeline_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "address_lineage"`);
    await queryRunner.query(`DROP TABLE "address"`);
    await queryRunner.query(`DROP TABLE "address_type"`);
  }
}
