import { ApiProperty } from '@nestjs/swagger';
import { DATEPARTS } from 'src/common/validation/field.decorators';

export class PipelineTypeResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'extraction' }) name!: string;
  @ApiProperty({ type: 'integer', nullable: true, example: 24 }) freshness_number!: number | null;
  @ApiProperty({ enum: DATEPARTS, enumName: 'Datepart', nullable: true, example: 'hour' })
  freshness_datepart!: string | null;
  @ApiProperty({ example: false }) mute_freshness_check!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, example: 2 }) timeliness_number!: number | null;
  @ApiProperty({ enum: DATEPARTS, enumName: 'Datepart', nullable: true, example: 'hour' })
  timeliness_datepart!: string | null;
  @ApiProperty({ example: false }) mute_timeliness_check!: boolean;
  @ApiProperty({ example: '2024-01-01T00:00:00.000Z' }) created_at!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) updated_at!: string | null;
}
