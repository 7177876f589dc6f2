import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * One lineage edge (source address → target address) owned by one pipeline. The same edge may
 * belong to several pipelines (one row each). The primary key serves the per-pipeline
 * replacement; the two covering indexes serve the traversal in each direction (index-only).
 */
@Entity({ name: 'address_lineage' })
@Index('ix_address_lineage_source', ['source_address_id', 'target_address_id', 'pipeline_id'])
@Index('ix_address_lineage_target', ['target_address_id', 'source_address_id', 'pipeline_id'])
export class AddressLineageEntity {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_address_lineage' })
  pipeline_id!: number;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_address_lineage' })
  source_address_id!: number;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_address_lineage' })
  target_address_id!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  /** Mirrors the foreign keys only; the pipeline and address modules own those tables. */
  @ManyToOne('pipeline', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pipeline_id', foreignKeyConstraintName: 'fk_address_lineage_pipeline' })
  pipeline?: unknown;

  @ManyToOne('address', { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'source_address_id',
    foreignKeyConstraintName: 'fk_address_lineage_source_address',
  })
  source_address?: unknown;

  @ManyToOne('address', { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'target_address_id',
    foreignKeyConstraintName: 'fk_address_lineage_target_address',
  })
  target_address?: unknown;
}
