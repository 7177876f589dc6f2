import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';
import { performance } from 'node:perf_hooks';
import { runOutsideSessionHolder } from 'src/database/pglite/session-holder';
import { JOB_CATALOGUE } from 'src/queue/job-catalogue';
import { errorMessage } from 'src/common/errors/error-text.util';
import { type JobContext, type JobHandlerFn } from 'src/queue/job-context';
import type { JobDefinition } from 'src/queue/job-definition';
import { ON_JOB_METADATA } from 'src/queue/on-job.decorator';

interface Subscriber {
  /** `ClassName.method`, for logs. */
  owner: string;
  handle: JobHandlerFn<unknown>;
}

interface Entry {
  definition: JobDefinition<unknown>;
  subscribers: Subscriber[];
}

export class UnknownJobError extends Error {
  constructor(queue: string, name: string) {
    super(`No job ${queue}/${name} is declared (job-catalogue.ts) or handled (@OnJob)`);
    this.name = 'UnknownJobError';
  }
}

/**
 * The typed job catalogue plus every `@OnJob` handler found at boot, and the one wrapper every
 * job runs through (both backends call `run`): a fresh context, a log line with queue, job id,
 * entity id, attempt and duration, and the error rethrown so the queue retries. Metrics hook in
 * here.
 */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger('Jobs');
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly cls: ClsService,
  ) {}

  onModuleInit(): void {
    for (const definition of JOB_CATALOGUE) {
      this.declare(definition as JobDefinition<unknown>);
    }
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') {
        continue;
      }
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const definition = Reflect.getMetadata(ON_JOB_METADATA, prototype[method] as object) as
          JobDefinition<unknown> | undefined;
        if (definition) {
          const fn = (prototype[method] as JobHandlerFn<unknown>).bind(instance);
          this.declare(definition).subscribers.push({
            owner: `${instance.constructor.name}.${method}`,
            handle: fn,
          });
        }
      }
    }
  }

  /** The declaration of a job, for jobs restored from storage by name. */
  definitionOf(queue: string, name: string): JobDefinition<unknown> {
    const entry = this.entries.get(`${queue}/${name}`);
    if (!entry) {
      throw new UnknownJobError(queue, name);
    }
    return entry.definition;
  }

  isKnown(definition: JobDefinition<unknown>): boolean {
    return this.entries.get(`${definition.queue}/${definition.name}`)?.definition === definition;
  }

  /** Runs every handler of the job in turn; rethrows the first failure (the queue retries). */
  async run(payload: unknown, context: JobContext): Promise<void> {
    const entry = this.entries.get(`${context.queue}/${context.name}`);
    if (!entry) {
      throw new UnknownJobError(context.queue, context.name);
    }
    const entity = entry.definition.entityId?.(payload);
    const label =
      `${context.queue}/${context.name} ${context.jobId}` +
      (entity === undefined ? '' : ` (entity ${entity})`) +
      ` attempt ${context.attempt}`;
    const started = performance.now();
    try {
      // Never inherit the enqueuer's context: its transaction (and its hold on the embedded
      // database session) is over, and the job's use cases open their own.
      await runOutsideSessionHolder(() =>
        this.cls.run({ ifNested: 'override' }, async () => {
          for (const subscriber of entry.subscribers) {
            await subscriber.handle(payload, context);
          }
        }),
      );
      this.logger.debug(`${label} done in ${(performance.now() - started).toFixed(1)} ms`);
    } catch (error) {
      this.logger.warn(
        `${label} failed after ${(performance.now() - started).toFixed(1)} ms: ${errorMessage(error)}`,
      );
      throw error;
    }
  }

  private declare(definition: JobDefinition<unknown>): Entry {
    const id = `${definition.queue}/${definition.name}`;
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.definition !== definition) {
        throw new Error(`Job ${id} is declared twice with different definitions`);
      }
      return existing;
    }
    for (const entry of this.entries.values()) {
      if (entry.definition.name === definition.name) {
        throw new Error(`Job name ${definition.name} is used by two queues`);
      }
    }
    const entry: Entry = { definition, subscribers: [] };
    this.entries.set(id, entry);
    return entry;
  }
}
