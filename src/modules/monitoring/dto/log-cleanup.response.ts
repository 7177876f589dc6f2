import { ApiProperty } from '@nestjs/swagger';

/** The rows POST /log_cleanup really deleted, by table. */
export class LogCleanupResponse {
  @ApiProperty({ type: 'integer', example: 1000 })
  total_pipeline_executions_deleted!: number;

  @ApiProperty({ type: 'integer', example: 500 })
  total_timeliness_pipeline_execution_logs_deleted!: number;

  @ApiProperty({ type: 'integer', example: 50 })
  total_anomaly_detection_results_deleted!: number;

  @ApiProperty({
    type: 'integer',
    example: 200,
    description: 'Closure rows in which a deleted execution is the ancestor (its own row included)',
  })
  total_pipeline_execution_closure_parent_deleted!: number;

  @ApiProperty({
    type: 'integer',
    example: 200,
    description: 'Closure rows in which a deleted execution is the descendant of another',
  })
  total_pipeline_execution_closure_child_deleted!: number;

  @ApiProperty({ type: 'integer', example: 300 })
  total_freshness_pipeline_logs_deleted!: number;
}
