import { ApiProperty } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({ example: 'freshness_number' })
  field!: string;

  @ApiProperty({ type: [String], example: ['freshness_number must be greater than 0'] })
  messages!: string[];
}

/** The one error shape every endpoint returns. */
export class ErrorResponse {
  @ApiProperty({ example: 422 })
  statusCode!: number;

  @ApiProperty({ example: 'Unprocessable Entity', description: 'HTTP reason phrase' })
  error!: string;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code!: string;

  @ApiProperty({ example: 'Validation failed: freshness_number: must be greater than 0' })
  message!: string;

  @ApiProperty({ type: [ErrorDetailDto], nullable: true })
  details!: ErrorDetailDto[] | null;

  @ApiProperty({ example: '5f0c8a56-2f0a-4a47-9d1e-6a8b0f1f2c3d' })
  requestId!: string;
}
