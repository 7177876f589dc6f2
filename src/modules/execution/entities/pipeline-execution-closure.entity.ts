import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import {
  type Int8,
  PipelineExecutionEntity,
} from 'src/modules/execution/entities/pipeline-execution.entity';

/**
 * Closure table of the execution hierarchy: one row per (ancestor, descendant) pair, including
 * each execution with itself at depth 0. Written in the same transaction as the start.
 */
@Entity({ name: 'pipeline_execution_closure' })
@Check('ck_pipeline_execution_closure_depth', 'depth >= 0')
@Index('ix_pipeline_execution_closure_descendant_id', ['descendant_id', 'ancestor_id'])
export class PipelineExecutionClosureEntity {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_pipeline_execution_closure' })
  ancestor_id!: Int8;

  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_pipeline_execution_closure' })
  descendant_id!: Int8;

  @Column({ type: 'int' })
  depth!: number;

  @ManyToOne(() => PipelineExecutionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'ancestor_id',
    foreignKeyConstraintName: 'fk_pipeline_execution_closure_ancestor',
  })
  ancestor?: PipelineExecutionEntity;

  @ManyToOne(() => PipelineExecutionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'descendant_id',
    foreignKeyConstraintName: 'fk_pipeline_execution_closure_descendant',
  })
  descendant?: PipelineExecutionEntity;
}
