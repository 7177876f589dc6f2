import { ApiProperty } from '@nestjs/swagger';
import { PipelineExecutionResponse } from 'src/modules/execution/dto/pipeline-execution.response';

/** An execution with every descendant nested under its parent ([] for a leaf). */
export class PipelineExecutionTreeResponse extends PipelineExecutionResponse {
  @ApiProperty({
    type: () => [PipelineExecutionTreeResponse],
    description: 'Direct children, each with its own child_executions, ordered by id',
  })
  child_executions!: PipelineExecutionTreeResponse[];
}
