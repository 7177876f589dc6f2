import type { INestApplication } from '@nestjs/common';
import type { DirectRoute } from 'src/common/http/direct-routes.util';
import type { UpsertResult } from 'src/common/http/upsert-result';
import { EndExecutionDto } from 'src/modules/execution/dto/end-execution.dto';
import { StartExecutionDto } from 'src/modules/execution/dto/start-execution.dto';
import { ExecutionIngestService } from 'src/modules/execution/execution-ingest.service';
import {
  IDEMPOTENCY_KEY_HEADER,
  parseIdempotencyKey,
} from 'src/modules/execution/idempotency-key.decorator';
import { CreatePipelineDto } from 'src/modules/pipeline/dto/create-pipeline.dto';
import { PipelineService } from 'src/modules/pipeline/pipeline.service';

/**
 * The three calls every orchestrator task makes (POST /pipeline, /start_pipeline_execution,
 * /end_pipeline_execution), served as direct routes (see direct-routes.util.ts). Their Nest
 * controllers (PipelineController, ExecutionController) define the same answers and stay the
 * Swagger documentation; the e2e suites drive these paths, so both must agree.
 */
export function ingestRoutes(app: INestApplication): Array<DirectRoute<object>> {
  const pipelines = app.get(PipelineService);
  const executions = app.get(ExecutionIngestService);
  const upsert = <T>({ created, body }: UpsertResult<T>) => ({ status: created ? 201 : 200, body });
  const routes = [
    {
      path: '/pipeline',
      dto: CreatePipelineDto,
      handle: async (dto: CreatePipelineDto) => upsert(await pipelines.sync(dto)),
    } satisfies DirectRoute<CreatePipelineDto>,
    {
      path: '/start_pipeline_execution',
      dto: StartExecutionDto,
      handle: async (dto: StartExecutionDto, request) => {
        const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()]);
        return upsert(await executions.start(dto, key));
      },
    } satisfies DirectRoute<StartExecutionDto>,
    {
      path: '/end_pipeline_execution',
      dto: EndExecutionDto,
      handle: async (dto: EndExecutionDto) => {
        await executions.end(dto);
        return { status: 204 };
      },
    } satisfies DirectRoute<EndExecutionDto>,
  ];
  return routes;
}
