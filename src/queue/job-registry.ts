import type { JobHandler, QueueName } from 'src/queue/job-queue';

/** Handlers by queue and job name; shared by both queue implementations. */
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler<unknown>>();

  register<T>(queue: QueueName, name: string, handler: JobHandler<T>): void {
    const key = `${queue}/${name}`;
    if (this.handlers.has(key)) {
      throw new Error(`A handler for job ${key} is already registered`);
    }
    this.handlers.set(key, handler as JobHandler<unknown>);
  }

  get(queue: string, name: string): JobHandler<unknown> {
    const handler = this.handlers.get(`${queue}/${name}`);
    if (!handler) {
      throw new Error(`No handler registered for job ${queue}/${name}`);
    }
    return handler;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
