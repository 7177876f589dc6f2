/** Queue names known to Watcher. Feature modules add theirs here. */
export const QUEUE_NAMES = ['anomaly', 'monitoring', 'notification', 'system'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * How a job with the same key is deduplicated:
 * - `none`: every request is a job (no key).
 * - `while-pending`: a request whose key is already waiting, parked, running or retrying is
 *   dropped; once that job has finished (or died), the key can be requested again. For work that
 *   is re-done on demand, such as detection after an execution ends (re-ending re-detects).
 * - `once-ever`: a key is accepted once, ever (kept in job_outbox as `done`; housekeeping forgets
 *   keys after WATCHER_JOB_KEY_RETENTION_DAYS). For schedule slots.
 */
export type DedupPolicy = 'none' | 'while-pending' | 'once-ever';

export interface JobDefinition<P> {
  readonly queue: QueueName;
  /** kebab-case verb phrase, unique across all queues (`execution-ended`, `run-freshness-check`). */
  readonly name: string;
  readonly dedup: DedupPolicy;
  /** Total tries, including the first. */
  readonly attempts: number;
  /** First retry delay; doubled on every further retry, with ±20 % jitter. */
  readonly backoffMs: number;
  /** The dedup key of a payload (required unless dedup is `none`). [A-Za-z0-9_.-], no ':'. */
  readonly key?: (payload: P) => string;
  /**
   * The handlers are idempotent and cheap, and jobs of this kind come by the hundred per second:
   * the BullMQ backend may carry the ones committed within ~20 ms in one Redis job (see
   * bullmq-batch.ts). Each is still handled on its own; one that fails continues as a job of its
   * own, with the usual retries. Only for dedup `none`.
   */
  readonly batchable?: boolean;
  /** The id of the entity the job is about, for logs. */
  readonly entityId?: (payload: P) => string | number;
  /** Phantom field: carries the payload type (never set). */
  readonly payloadType?: (payload: P) => void;
}

export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 1000;

const JOB_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** BullMQ rejects ':' in custom job ids (taskforcesh/bullmq#3384); both backends apply this. */
const JOB_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,200}$/;

export class InvalidJobKeyError extends Error {
  constructor(job: string, key: string) {
    super(
      `Job ${job}: key ${JSON.stringify(key)} is invalid (1-200 characters of A-Z a-z 0-9 _ . -; ` +
        'no ":", which BullMQ rejects)',
    );
    this.name = 'InvalidJobKeyError';
  }
}

type JobDefinitionInput<P> = Omit<JobDefinition<P>, 'attempts' | 'backoffMs' | 'payloadType'> &
  Partial<Pick<JobDefinition<P>, 'attempts' | 'backoffMs'>>;

/** Declares a job of the typed catalogue (see job-catalogue.ts). */
export function defineJob<P>(input: JobDefinitionInput<P>): JobDefinition<P> {
  if (!JOB_NAME_PATTERN.test(input.name)) {
    throw new Error(`Job name ${JSON.stringify(input.name)} must be kebab-case`);
  }
  if (input.batchable && input.dedup !== 'none') {
    throw new Error(`Job ${input.name}: only dedup none can be batchable`);
  }
  if (input.dedup !== 'none' && !input.key) {
    throw new Error(`Job ${input.name}: dedup ${input.dedup} needs a key function`);
  }
  return Object.freeze({
    attempts: DEFAULT_ATTEMPTS,
    backoffMs: DEFAULT_BACKOFF_MS,
    ...input,
  });
}

/** The validated dedup key of a payload, or null for `none`. Throws InvalidJobKeyError. */
export function jobKeyOf<P>(definition: JobDefinition<P>, payload: P): string | null {
  if (definition.dedup === 'none' || !definition.key) {
    return null;
  }
  const key = definition.key(payload);
  assertValidJobKey(definition.name, key);
  return key;
}

export function assertValidJobKey(job: string, key: string): void {
  if (!JOB_KEY_PATTERN.test(key)) {
    throw new InvalidJobKeyError(job, key);
  }
}

/** Retry delay before attempt `attempt + 1`: exponential with ±20 % jitter. */
export function retryDelayMs(
  backoffMs: number,
  attemptsMade: number,
  random = Math.random,
): number {
  const base = backoffMs * 2 ** Math.max(0, attemptsMade - 1);
  return Math.round(base * (0.8 + 0.4 * random()));
}
