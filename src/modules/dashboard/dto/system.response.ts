import { ApiProperty } from '@nestjs/swagger';

export class SystemQueueResponse {
  @ApiProperty({ example: 'execution-events' }) name!: string;
  @ApiProperty({ type: 'integer', example: 0 }) waiting!: number;
  @ApiProperty({ type: 'integer', example: 0 }) active!: number;
  @ApiProperty({ type: 'integer', example: 0 }) delayed!: number;

  @ApiProperty({ type: 'integer', required: false, description: 'BullMQ only', example: 0 })
  failed?: number;

  @ApiProperty({ type: 'integer', description: 'Rows in job_outbox not yet handed on', example: 0 })
  outbox!: number;
}

export class SystemOutboxResponse {
  @ApiProperty({ type: 'integer', description: 'Jobs not yet done, over every queue', example: 0 })
  pending!: number;

  @ApiProperty({ type: 'integer', description: 'Parked in job_outbox', example: 0 })
  parked!: number;

  @ApiProperty({ type: 'integer', description: 'Given up on (kept 14 days)', example: 0 })
  dead!: number;
}

export class SystemResponse {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'], enumName: 'SystemStatus', example: 'ok' })
  status!: 'ok' | 'degraded' | 'down';

  @ApiProperty({ enum: ['up', 'down'], example: 'up' }) database!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'degraded'], example: 'up' }) queue!: 'up' | 'degraded';
  @ApiProperty({ example: '0.1.0' }) version!: string;

  @ApiProperty({ enum: ['embedded', 'production'], example: 'production' })
  mode!: 'embedded' | 'production';

  @ApiProperty({ enum: ['api', 'worker', 'all'], example: 'all' }) role!: string;
  @ApiProperty({ type: 'integer', example: 3600 }) uptime_seconds!: number;

  @ApiProperty({ type: [SystemQueueResponse], description: 'Empty when the queue cannot answer' })
  queues!: SystemQueueResponse[];

  @ApiProperty({ type: SystemOutboxResponse }) outbox!: SystemOutboxResponse;
}
