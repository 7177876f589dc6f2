import { SetMetadata } from '@nestjs/common';
import type { JobDefinition } from 'src/queue/job-definition';

export const ON_JOB_METADATA = 'watcher:on-job';

/**
 * Marks a method of a `*.processor.ts` provider as a handler of `definition`. Handlers are
 * discovered at boot (JobHandlerRegistry). A job may have several handlers (subscribers of an
 * event such as `execution-ended`): they run in turn, and a failure retries the job, so each
 * must be idempotent.
 */
export function OnJob<P>(definition: JobDefinition<P>): MethodDecorator {
  return SetMetadata(ON_JOB_METADATA, definition);
}
