import { CronTime } from 'cron';

/**
 * When a periodic check runs: every `everyMs` (slots aligned to the Unix epoch), or at the times
 * of a cron expression (5 fields, or 6 with seconds first), always in UTC.
 */
export type CheckSchedule = { readonly everyMs: number } | { readonly cron: string };

/** A schedule ready for the scheduler: its slot for any instant, and how often to look. */
export interface CompiledSchedule {
  /** `every 3600000 ms` or `cron "0 * * * *" (UTC)`, for logs. */
  readonly description: string;
  /** How often a replica should look for an unclaimed slot. */
  readonly tickMs: number;
  /** The start of the slot `now` falls in: the latest scheduled time at or before `now`. */
  slotStartOf(now: Date): Date;
}

const TIME_ZONE = 'UTC';
const MIN_TICK_MS = 1000;
/** A quarter slot, at most every 30 s. */
const MAX_TICK_MS = 30_000;
/** Cron lookback doubles from 1 s up to this (past the `cron` package's own 8-year horizon). */
const MAX_LOOKBACK_MS = 9 * 366 * 24 * 3600 * 1000;
const GAP_SAMPLES = 8;

export class InvalidScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidScheduleError';
  }
}

/** Null when `expression` is a usable cron expression, else why not (one line). */
export function cronExpressionProblem(expression: string): string | null {
  const { valid, error } = CronTime.validateCronExpression(expression);
  if (!valid) {
    return error?.message ?? 'not a cron expression';
  }
  try {
    new CronTime(expression, TIME_ZONE).sendAt();
    return null;
  } catch {
    return 'never fires (no date matches it)';
  }
}

/** The start of the slot that `now` falls in (slots are aligned to the Unix epoch). */
export function everySlotStart(now: Date, everyMs: number): Date {
  return new Date(Math.floor(now.getTime() / everyMs) * everyMs);
}

/**
 * The latest time at or before `now` that the cron expression fires (UTC). Looks back
 * `firstLookbackMs` (the cron's usual spacing, so one step is the common case), doubling until
 * a fire time is found, then walks forward to the last one.
 */
export function latestCronTime(cron: CronTime, now: Date, firstLookbackMs = 1000): Date {
  const nowMs = now.getTime();
  const nextAfter = (ms: number): number =>
    cron.getNextDateFrom(new Date(ms), TIME_ZONE).toMillis();
  for (
    let lookbackMs = Math.max(1000, firstLookbackMs);
    lookbackMs <= MAX_LOOKBACK_MS;
    lookbackMs *= 2
  ) {
    let fire = nextAfter(nowMs - lookbackMs);
    if (fire > nowMs) {
      continue; // Nothing in (now - lookback, now]: look further back.
    }
    for (let next = nextAfter(fire); next <= nowMs; next = nextAfter(fire)) {
      fire = next;
    }
    return new Date(fire);
  }
  throw new InvalidScheduleError(`cron "${cron.source as string}" has not fired in 9 years`);
}

export function compileSchedule(schedule: CheckSchedule): CompiledSchedule {
  if ('everyMs' in schedule) {
    const { everyMs } = schedule;
    if (!Number.isInteger(everyMs) || everyMs < 1000) {
      throw new InvalidScheduleError(`everyMs must be an integer of at least 1000 (${everyMs})`);
    }
    return {
      description: `every ${everyMs} ms`,
      tickMs: clampTick(everyMs / 4),
      slotStartOf: (now) => everySlotStart(now, everyMs),
    };
  }
  const problem = cronExpressionProblem(schedule.cron);
  if (problem !== null) {
    throw new InvalidScheduleError(`cron "${schedule.cron}": ${problem}`);
  }
  const cron = new CronTime(schedule.cron, TIME_ZONE);
  const gapMs = shortestGapMs(cron);
  const firstLookbackMs = Number.isFinite(gapMs) ? gapMs : 1000;
  return {
    description: `cron "${schedule.cron}" (UTC)`,
    tickMs: clampTick(gapMs / 4),
    slotStartOf: (now) => latestCronTime(cron, now, firstLookbackMs),
  };
}

/** The shortest time between the next few fire times (an irregular cron's tightest spacing). */
function shortestGapMs(cron: CronTime): number {
  let gap = Number.POSITIVE_INFINITY;
  let previous = cron.sendAt().toMillis();
  for (let i = 1; i < GAP_SAMPLES; i += 1) {
    let next: number;
    try {
      next = cron.getNextDateFrom(new Date(previous), TIME_ZONE).toMillis();
    } catch {
      break; // Rare expressions (29 February) run out of the package's 8-year horizon.
    }
    gap = Math.min(gap, next - previous);
    previous = next;
  }
  return gap;
}

function clampTick(ms: number): number {
  return Math.min(Math.max(Math.floor(ms), MIN_TICK_MS), MAX_TICK_MS);
}
