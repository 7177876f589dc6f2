import { AppError } from 'src/common/errors/app-error';

/** The pipeline page of an unknown id: the same code as the pipeline module's 404. */
export class DashboardPipelineNotFoundError extends AppError {
  constructor(id: number) {
    super('PIPELINE_NOT_FOUND', `Pipeline with id ${id} not found`, 404);
  }
}
