import {
  ExecutionNotFoundError,
  ExecutionTooDeepError,
  IdempotencyKeyReusedError,
} from 'src/modules/execution/execution.errors';
import type { IdempotentStart } from 'src/modules/execution/execution.repository';

/** The deepest an execution may be nested: at most this many ancestors. */
export const MAX_EXECUTION_DEPTH = 100;

/** What a start request sent; undefined = the field was not in the body. */
export interface SentStart {
  pipelineId: number;
  parentId: number | null | undefined;
  startDate: Date | undefined;
}

/** Throws 404 for an unknown parent and 422 EXECUTION_TOO_DEEP for one nested too deeply. */
export function assertNestable(parentId: number, parentDepth: number | null): void {
  if (parentDepth === null) {
    throw new ExecutionNotFoundError(parentId, 'parent');
  }
  if (parentDepth >= MAX_EXECUTION_DEPTH) {
    throw new ExecutionTooDeepError(parentId, MAX_EXECUTION_DEPTH);
  }
}

/**
 * A retry with an Idempotency-Key must ask for the same start as the first request. Only the
 * fields the retry sent are compared: start_date defaults to "now", so a retry without it still
 * matches, and so does one without parent_id. pipeline_id is always sent, always compared.
 */
export function assertSameStart(first: IdempotentStart, retry: SentStart): void {
  const differing: string[] = [];
  if (first.pipeline_id !== retry.pipelineId) {
    differing.push('pipeline_id');
  }
  if (retry.startDate !== undefined && retry.startDate.getTime() !== first.start_date.getTime()) {
    differing.push('start_date');
  }
  if (retry.parentId !== undefined && retry.parentId !== first.parent_id) {
    differing.push('parent_id');
  }
  if (differing.length > 0) {
    throw new IdempotencyKeyReusedError(differing);
  }
}

/** The start fields a request sent (parent_execution_id is the old name of parent_id). */
export function sentStart(dto: {
  pipeline_id: number;
  parent_id?: number | null;
  parent_execution_id?: number | null;
  start_date?: Date | null;
}): SentStart {
  const isParentSent = dto.parent_id !== undefined || dto.parent_execution_id !== undefined;
  return {
    pipelineId: dto.pipeline_id,
    parentId: isParentSent ? (dto.parent_id ?? dto.parent_execution_id ?? null) : undefined,
    startDate: dto.start_date ?? undefined,
  };
}
