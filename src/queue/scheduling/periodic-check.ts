import type { EnvVars } from 'src/config/env.schema';
import { defineJob, type JobDefinition, type QueueName } from 'src/queue/job-definition';
import {
  type CheckSchedule,
  compileSchedule,
  everySlotStart,
} from 'src/queue/scheduling/check-schedule.util';

export type { CheckSchedule } from 'src/queue/scheduling/check-schedule.util';

/** The payload of every periodic job: the start of the slot it runs for (ISO-8601 UTC). */
export interface SlotPayload {
  slotStart: string;
}

export interface PeriodicCheck {
  /** kebab-case; also the scheduled_run.check_name. */
  readonly name: string;
  readonly job: JobDefinition<SlotPayload>;
  /**
   * The schedule in force for a (validated) environment, read when the scheduler starts;
   * null: this check is not scheduled in that deployment (it can still be fired directly).
   */
  readonly scheduleFor: (env: EnvVars) => CheckSchedule | null;
}

interface PeriodicCheckBase {
  name: string;
  queue: QueueName;
  attempts?: number;
  backoffMs?: number;
}

/** A fixed interval, or a cron expression (UTC), fixed or taken from the environment. */
export type PeriodicCheckInput = PeriodicCheckBase &
  ({ everyMs: number } | { cron: string | ((env: EnvVars) => string | null) });

/**
 * Declares a periodic check and its job: one job per time slot, deduplicated once ever by
 * `<name>-<slotStartMs>` (the slot is also claimed in scheduled_run first). A slot starts at a
 * multiple of `everyMs` since the epoch, or at a time the cron expression fires.
 */
export function definePeriodicCheck(input: PeriodicCheckInput): PeriodicCheck {
  const job = defineJob<SlotPayload>({
    queue: input.queue,
    name: input.name,
    dedup: 'once-ever',
    attempts: input.attempts ?? 3,
    backoffMs: input.backoffMs ?? 5000,
    key: (payload) => `${input.name}-${Date.parse(payload.slotStart)}`,
    entityId: (payload) => payload.slotStart,
  });
  const scheduleFor = scheduleResolver(input);
  return Object.freeze({ name: input.name, job, scheduleFor });
}

function scheduleResolver(input: PeriodicCheckInput): (env: EnvVars) => CheckSchedule | null {
  if ('everyMs' in input) {
    const schedule: CheckSchedule = { everyMs: input.everyMs };
    compileSchedule(schedule); // Fail at declaration, not when the scheduler starts.
    return () => schedule;
  }
  const { cron } = input;
  if (typeof cron === 'string') {
    const schedule: CheckSchedule = { cron };
    compileSchedule(schedule);
    return () => schedule;
  }
  return (env) => {
    const expression = cron(env);
    return expression === null ? null : { cron: expression };
  };
}

/** The start of the slot that `now` falls in (slots are aligned to the Unix epoch). */
export function slotStartOf(now: Date, everyMs: number): Date {
  return everySlotStart(now, everyMs);
}
