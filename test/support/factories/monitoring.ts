import request from 'supertest';
import type { TestApp } from 'test/support/create-test-app';

const MINUTE = 60_000;

/** An instant `minutes` before now (ISO-8601 UTC). */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * MINUTE).toISOString();
}

/** An instant `days` before now (ISO-8601 UTC). */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 60 * MINUTE).toISOString();
}

/** The same UTC wall time `months` calendar months earlier (day clamped to the month's end). */
export function calendarMonthsAgo(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(from.getUTCDate(), lastDay),
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
      from.getUTCMilliseconds(),
    ),
  );
}

export async function createPipelineType(
  testApp: TestApp,
  body: Record<string, unknown>,
): Promise<number> {
  const response = await request(testApp.http).post('/pipeline_type').send(body);
  if (![200, 201].includes(response.status)) {
    throw new Error(`POST /pipeline_type answered ${response.status}: ${response.text}`);
  }
  return response.body.id;
}

export async function createPipeline(
  testApp: TestApp,
  body: Record<string, unknown>,
): Promise<number> {
  const response = await request(testApp.http).post('/pipeline').send(body).expect(201);
  return response.body.id;
}

export async function patchPipeline(testApp: TestApp, body: Record<string, unknown>) {
  await request(testApp.http).patch('/pipeline').send(body).expect(200);
}

export async function patchPipelineType(testApp: TestApp, body: Record<string, unknown>) {
  await request(testApp.http).patch('/pipeline_type').send(body).expect(200);
}

export interface RunOptions {
  pipelineId: number;
  start: string;
  /** Omitted: the execution stays running. */
  end?: string;
  isSuccess?: boolean;
  inserts?: number;
  parentId?: number;
}

/** Starts (and, with `end`, ends) an execution through the API; returns its id. */
export async function runExecution(testApp: TestApp, options: RunOptions): Promise<number> {
  const started = await request(testApp.http)
    .post('/start_pipeline_execution')
    .send({
      pipeline_id: options.pipelineId,
      start_date: options.start,
      parent_id: options.parentId ?? null,
    })
    .expect(201);
  const id: number = started.body.id;
  if (options.end !== undefined) {
    await request(testApp.http)
      .post('/end_pipeline_execution')
      .send({
        id,
        end_date: options.end,
        completed_successfully: options.isSuccess ?? true,
        inserts: options.inserts ?? 0,
        updates: 0,
        soft_deletes: 0,
        total_rows: options.inserts ?? 0,
      })
      .expect(204);
  }
  return id;
}

export async function countRows(testApp: TestApp, sql: string, params: unknown[] = []) {
  const rows: Array<{ n: number }> = await testApp.dataSource.query(sql, params);
  return Number(rows[0].n);
}
