import { ApiProperty } from '@nestjs/swagger';

/** POST /freshness and POST /timeliness: the check was enqueued (it runs in a worker). */
export class CheckQueuedResponse {
  @ApiProperty({ enum: ['queued'], example: 'queued' })
  status!: 'queued';
}
