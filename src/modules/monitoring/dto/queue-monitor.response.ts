import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class QueueDepthResponse {
  @ApiProperty({ type: 'integer', example: 3 })
  waiting!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  active!: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'Waiting for a retry or a later start' })
  delayed!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    description: 'In job_outbox, not yet handed to the queue backend',
  })
  outbox!: number;

  @ApiProperty({
    type: 'integer',
    example: 4,
    description: 'What counts against the alert thresholds',
  })
  pending!: number;

  @ApiProperty({
    type: 'integer',
    example: 0,
    description: 'Given up on (not pending; see /health/ready)',
  })
  dead!: number;
}

/** POST /celery/monitor-queue (and /queue/monitor). */
export class QueueMonitorResponse {
  @ApiProperty({ enum: ['success', 'error'], example: 'success' })
  status!: 'success' | 'error';

  @ApiPropertyOptional({
    type: 'integer',
    example: 4,
    description: 'Pending jobs across all queues (success only)',
  })
  total_pending?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/QueueDepthResponse' },
    example: {
      anomaly: { waiting: 3, active: 1, delayed: 0, outbox: 0, pending: 4, dead: 0 },
      monitoring: { waiting: 0, active: 0, delayed: 0, outbox: 0, pending: 0, dead: 0 },
    },
    description: 'Per queue (success only)',
  })
  queues?: Record<string, QueueDepthResponse>;

  @ApiPropertyOptional({
    enum: ['warning', 'critical'],
    nullable: true,
    example: null,
    description: 'The threshold reached, if any (an alert is raised once per level and hour)',
  })
  alert_level?: 'warning' | 'critical' | null;

  @ApiPropertyOptional({
    example: 'Redis job counts timed out after 1000 ms',
    description: 'Why the queue backend could not be read (error only)',
  })
  message?: string;
}
