import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { AddressTypeEntity } from 'src/modules/address/entities/address-type.entity';

/** A data address (table, file, bucket, URL…). The name is its identity and keeps its case. */
@Entity({ name: 'address' })
@Unique('uq_address_name', ['name'])
export class AddressEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'int',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_address',
  })
  id!: number;

  @Column({ type: 'varchar', length: 150 })
  name!: string;

  @Index('ix_address_address_type_id')
  @Column({ type: 'int' })
  address_type_id!: number;

  @ManyToOne(() => AddressTypeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'address_type_id', foreignKeyConstraintName: 'fk_address_address_type' })
  address_type?: AddressTypeEntity;

  @Column({ type: 'varchar', length: 50, nullable: true })
  database_name!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  schema_name!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  table_name!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  primary_key!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  address_metadata!: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  updated_at!: Date | null;
}
