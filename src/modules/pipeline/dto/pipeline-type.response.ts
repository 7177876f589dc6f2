import { ApiProperty } from '@nestjs/swagger';
import { ThresholdSettingsResponse } from 'src/modules/pipeline/dto/threshold-settings.response';

export class PipelineTypeResponse extends ThresholdSettingsResponse {
  @ApiProperty({ example: 1 }) id!: number;
  @ApiProperty({ example: 'extraction' }) name!: string;
  @ApiProperty({ example: '2024-01-01T00:00:00.000Z' }) created_at!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) updated_at!: string | null;
}
