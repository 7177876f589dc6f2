import { ApiProperty } from '@nestjs/swagger';
import { DATEPARTS } from 'src/common/validation/field.decorators';

/** The freshness and timeliness settings, as pipelines and pipeline types answer them. */
export class ThresholdSettingsResponse {
  @ApiProperty({ type: 'integer', nullable: true, example: 24 }) freshness_number!: number | null;
  @ApiProperty({ enum: DATEPARTS, enumName: 'Datepart', nullable: true, example: 'hour' })
  freshness_datepart!: string | null;
  @ApiProperty({ example: false }) mute_freshness_check!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, example: 2 }) timeliness_number!: number | null;
  @ApiProperty({ enum: DATEPARTS, enumName: 'Datepart', nullable: true, example: 'hour' })
  timeliness_datepart!: string | null;
  @ApiProperty({ example: false }) mute_timeliness_check!: boolean;
}
