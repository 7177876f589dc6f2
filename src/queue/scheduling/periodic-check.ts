import { defineJob, type JobDefinition, type QueueName } from 'src/queue/job-definition';

/** The payload of every periodic job: the start of the slot it runs for (ISO-8601 UTC). */
export interface SlotPayload {
  slotStart: string;
}

export interface PeriodicCheck {
  /** kebab-case; also the scheduled_run.check_name. */
  readonly name: string;
  readonly everyMs: number;
  readonly job: JobDefinition<SlotPayload>;
}

/**
 * Declares a periodic check and its job: one job per time slot, deduplicated once ever by
 * `<name>-<slotStartMs>` (the slot is also claimed in scheduled_run first).
 */
export function definePeriodicCheck(input: {
  name: string;
  queue: QueueName;
  everyMs: number;
  attempts?: number;
  backoffMs?: number;
}): PeriodicCheck {
  const job = defineJob<SlotPayload>({
    queue: input.queue,
    name: input.name,
    dedup: 'once-ever',
    attempts: input.attempts ?? 3,
    backoffMs: input.backoffMs ?? 5000,
    key: (payload) => `${input.name}-${Date.parse(payload.slotStart)}`,
    entityId: (payload) => payload.slotStart,
  });
  return Object.freeze({ name: input.name, everyMs: input.everyMs, job });
}

/** The start of the slot that `now` falls in (slots are aligned to the Unix epoch). */
export function slotStartOf(now: Date, everyMs: number): Date {
  return new Date(Math.floor(now.getTime() / everyMs) * everyMs);
}
