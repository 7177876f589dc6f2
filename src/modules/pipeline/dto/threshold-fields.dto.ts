import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  DATEPARTS,
  INT4_MAX,
  IsDatepart,
  IsOptionalNotNull,
  IsPositiveInt,
  IsStrictBoolean,
} from 'src/common/validation/field.decorators';

/**
 * Freshness/timeliness settings shared by pipelines and pipeline types. On create, null is the
 * same as omitted; on update, null clears the value (the pipeline then inherits its type's).
 */
export class ThresholdFieldsDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: INT4_MAX,
    example: 24,
    nullable: true,
  })
  @IsOptional()
  @IsPositiveInt()
  freshness_number?: number | null;

  @ApiPropertyOptional({ enum: DATEPARTS, enumName: 'Datepart', example: 'hour', nullable: true })
  @IsOptional()
  @IsDatepart()
  freshness_datepart?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: INT4_MAX,
    example: 2,
    nullable: true,
  })
  @IsOptional()
  @IsPositiveInt()
  timeliness_number?: number | null;

  @ApiPropertyOptional({ enum: DATEPARTS, enumName: 'Datepart', example: 'hour', nullable: true })
  @IsOptional()
  @IsDatepart()
  timeliness_datepart?: string | null;
}

export class MuteFieldsDto extends ThresholdFieldsDto {
  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsStrictBoolean()
  mute_freshness_check?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsStrictBoolean()
  mute_timeliness_check?: boolean;
}
