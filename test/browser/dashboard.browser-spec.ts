/// <reference lib="dom" />
// The dashboard in a real Chromium (playwright-core, system browser) against the full app in
// embedded mode, seeded over the HTTP API. Every page is loaded and checked for what it must show,
// and no page may log a console error or throw.
import request from 'supertest';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp, waitForQueuesIdle } from 'test/support/create-test-app';
import { type BrowserSession, launchBrowser, listen, screenshot } from 'test/support/browser';

const XSS_NAME = '<img src=x onerror=window.__xss=1>';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

describe('Dashboard in Chromium', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let browser: BrowserSession;
  let page: Page;
  const ids: Record<string, number> = {};
  const lineage: Record<string, number> = {};
  let outlierRunId = 0;
  let treeRootId = 0;
  let alertId = 0;

  const api = () => request(testApp.http);

  async function pipeline(name: string, type = 'extraction'): Promise<number> {
    const { body } = await api()
      .post('/pipeline')
      .send({ name, pipeline_type_name: type })
      .expect(201);
    ids[name] = body.id;
    return body.id;
  }

  async function start(pipelineId: number, startDate: Date, parentId?: number): Promise<number> {
    const { body } = await api()
      .post('/start_pipeline_execution')
      .send({
        pipeline_id: pipelineId,
        start_date: startDate.toISOString(),
        ...(parentId ? { parent_id: parentId } : {}),
      })
      .expect(201);
    return body.id;
  }

  async function end(id: number, endDate: Date, ok: boolean, totalRows = 1000): Promise<void> {
    await api()
      .post('/end_pipeline_execution')
      .send({
        id,
        end_date: endDate.toISOString(),
        completed_successfully: ok,
        inserts: totalRows,
        total_rows: totalRows,
      })
      .expect(204);
  }

  async function run(pipelineId: number, startDate: Date, ok = true, rows = 1000): Promise<number> {
    const id = await start(pipelineId, startDate);
    await end(id, new Date(startDate.getTime() + 60_000), ok, rows);
    return id;
  }

  /** Polls the API until detection has flagged the run (detection runs on a queue). */
  async function waitForFlag(executionId: number, metric: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      await waitForQueuesIdle(testApp);
      const { body } = await api().get(`/pipeline_execution/${executionId}`).expect(200);
      if (body.anomaly_flags?.[metric]) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`run ${executionId} was never flagged on ${metric}`);
  }

  async function open(path: string): Promise<void> {
    await page.goto(`${baseUrl}/ui${path}`);
    await page.locator('main h1').first().waitFor();
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    baseUrl = await listen(testApp.app);
    const now = Date.now();

    await run(await pipeline('orders_daily'), new Date(now - 3 * HOUR_MS));
    await run(await pipeline('billing_sync', 'load'), new Date(now - 2 * HOUR_MS), false);
    await start(await pipeline('inventory_stream'), new Date(now - 60_000));
    await pipeline('never_run_pipeline', 'load');
    await run(await pipeline(XSS_NAME), new Date(now - HOUR_MS));

    // 33 daily runs at the same UTC hour, a rule that needs 5, then an outlier.
    const anomalous = await pipeline('anomaly_pipeline');
    const firstDay = Math.floor((now - 40 * DAY_MS) / HOUR_MS) * HOUR_MS;
    for (let k = 0; k < 33; k++) {
      await run(anomalous, new Date(firstDay + k * DAY_MS), true, 1000 + (k % 3) * 10);
    }
    await waitForQueuesIdle(testApp);
    await api()
      .post('/anomaly_detection_rule')
      .send({
        pipeline_id: anomalous,
        metric_field: 'total_rows',
        minimum_executions: 5,
        lookback_days: 90,
      })
      .expect(201);
    await api()
      .post('/anomaly_detection_rule')
      .send({
        pipeline_id: anomalous,
        metric_field: 'duration_seconds',
        minimum_executions: 100,
        lookback_days: 90,
      })
      .expect(201);
    outlierRunId = await run(anomalous, new Date(firstDay + 33 * DAY_MS), true, 100_000);
    await waitForFlag(outlierRunId, 'total_rows');

    // A run with two child runs, for the tree and the timeline.
    const batch = await pipeline('nightly_batch');
    const t0 = now - 5 * HOUR_MS;
    treeRootId = await start(batch, new Date(t0));
    const childA = await start(batch, new Date(t0 + 60_000), treeRootId);
    const childB = await start(batch, new Date(t0 + 5 * 60_000), treeRootId);
    await end(childA, new Date(t0 + 10 * 60_000), true);
    await end(childB, new Date(t0 + 20 * 60_000), false);
    await end(treeRootId, new Date(t0 + 25 * 60_000), true);

    // A diamond: a → b, a → c, b → d, c → d, each edge its own pipeline.
    const ref = (name: string) => ({
      name,
      address_type_name: 'postgres',
      address_type_group_name: 'database',
    });
    for (const [name, source, target] of [
      ['copy_a_to_b', 'lake.raw.a', 'lake.stage.b'],
      ['copy_a_to_c', 'lake.raw.a', 'lake.stage.c'],
      ['merge_b_into_d', 'lake.stage.b', 'lake.mart.d'],
      ['merge_c_into_d', 'lake.stage.c', 'lake.mart.d'],
    ]) {
      await api()
        .post('/address_lineage')
        .send({
          pipeline_id: await pipeline(name, 'lineage'),
          source_addresses: [ref(source)],
          target_addresses: [ref(target)],
        })
        .expect(201);
    }
    for (const name of ['lake.raw.a', 'lake.stage.b', 'lake.stage.c', 'lake.mart.d']) {
      const { body } = await api()
        .get(`/lineage-graph/addresses?name=${encodeURIComponent(name)}`)
        .expect(200);
      lineage[name] = body.find((row: { name: string }) => row.name === name).id;
    }

    const alert = await api().post('/alerts/test').expect(202);
    alertId = alert.body.id;
    await waitForQueuesIdle(testApp);

    browser = await launchBrowser();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  afterEach(() => {
    // Every page must load without a console error or an uncaught exception.
    const problems = browser.problems.splice(0);
    expect(problems).toEqual([]);
  });

  it('should redirect a browser from / to the dashboard and keep JSON for API clients', async () => {
    await api().get('/').set('Accept', 'application/json').expect(200, { status: 'ok' });
    const response = await page.goto(`${baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/ui/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  });

  it('should list the seeded pipelines with their states, problems first', async () => {
    await open('/');
    await page.locator('table.overview tbody tr').first().waitFor();
    const stateOf = (id: number) =>
      page.locator(`tr[data-pipeline-id="${id}"] td.state`).innerText();
    expect(await stateOf(ids.orders_daily)).toBe('succeeded');
    expect(await stateOf(ids.billing_sync)).toBe('failed');
    expect(await stateOf(ids.inventory_stream)).toBe('running');
    expect(await stateOf(ids.never_run_pipeline)).toBe('never run');
    expect(await stateOf(ids.anomaly_pipeline)).toBe('anomalous');
    const firstRow = page.locator('table.overview tbody tr').first();
    expect(await firstRow.getAttribute('data-pipeline-id')).toBe(String(ids.billing_sync));
    await screenshot(page, 'overview');
  });

  it('should filter the overview by state and by name', async () => {
    await open('/?state=failed');
    await page.locator('table.overview tbody tr').first().waitFor();
    const rows = page.locator('table.overview tbody tr');
    const states = await page.locator('table.overview tbody td.state').allInnerTexts();
    expect(new Set(states)).toEqual(new Set(['failed']));
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => tr.getAttribute('data-pipeline-id')),
    );
    expect(shown).toContain(String(ids.billing_sync));
    expect(shown).not.toContain(String(ids.orders_daily));
    await open('/');
    await page.getByLabel('Search by name').fill('inventory');
    await page.waitForURL(/search=inventory/);
    await page.locator(`tr[data-pipeline-id="${ids.orders_daily}"]`).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(1);
  });

  it('should render a hostile pipeline name as text, never as markup', async () => {
    await open('/');
    const cell = page.locator(`tr[data-pipeline-id="${ids[XSS_NAME]}"] th a`);
    expect(await cell.innerText()).toBe(XSS_NAME);
    expect(await page.locator('main img').count()).toBe(0);
    await open(`/pipelines/${ids[XSS_NAME]}`);
    expect(await page.locator('main h1').innerText()).toBe(XSS_NAME);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBe(
      undefined,
    );
  });

  it('should draw the metric chart with the flagged run and its band, and unflag it', async () => {
    await open(`/pipelines/${ids.anomaly_pipeline}?days=90`);
    const chart = page.locator('figure[data-metric="total_rows"]');
    // data-flagged-drawn counts the marks the chart's draw hook painted on the canvas.
    await page.locator('figure[data-metric="total_rows"][data-flagged-drawn="1"]').waitFor();
    expect(await chart.getAttribute('data-points')).toBe('34');
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await chart.locator('.flagged').innerText()).toContain(`Run ${outlierRunId}: 100,000`);
    expect(await page.locator('main').innerText()).toMatch(/learning \d+ \/ 100/);
    await screenshot(page, 'pipeline');

    const runRow = page.locator(`tr[data-run-id="${outlierRunId}"]`);
    await runRow.getByRole('button', { name: 'Unflag' }).click();
    await runRow.getByText('none').waitFor();
    const { body } = await api().get(`/pipeline_execution/${outlierRunId}`).expect(200);
    expect(body.anomaly_flags?.total_rows ?? false).toBe(false);
    await page.locator('figure[data-metric="total_rows"][data-flagged="0"]').waitFor();
  });

  it('should show a run as a tree and a timeline of its children', async () => {
    await open(`/executions/${treeRootId}`);
    expect(await page.locator('main h1').innerText()).toBe(`Run #${treeRootId}`);
    expect(await page.locator('svg.gantt g.gantt-bar').count()).toBe(3);
    expect(await page.locator('svg.gantt g.gantt-bad').count()).toBe(1);
    expect(await page.locator('ul.tree li').count()).toBe(3);
    await screenshot(page, 'execution');
  });

  it('should lay out the seeded diamond with every node and re-centre on a click', async () => {
    await open(`/lineage?address=${lineage['lake.raw.a']}`);
    const canvas = page.locator('.lineage-canvas');
    // Counted from the Cytoscape instance once its layout has run.
    await page.locator('.lineage-canvas[data-rendered-nodes="4"]').waitFor();
    expect(await canvas.getAttribute('data-rendered-edges')).toBe('4');
    const listed = await page.locator('ul.lineage-nodes button').allInnerTexts();
    expect(listed.sort()).toEqual(['lake.mart.d', 'lake.raw.a', 'lake.stage.b', 'lake.stage.c']);
    expect(await page.locator('ul.lineage-edges').innerText()).toContain('via merge_c_into_d');
    await screenshot(page, 'lineage');

    // Layered left to right: a, then b and c side by side, then d.
    const positions = JSON.parse((await canvas.getAttribute('data-node-positions')) ?? '{}');
    const x = (name: string): number => positions[name][0];
    expect(x('lake.raw.a')).toBeLessThan(x('lake.stage.b'));
    expect(x('lake.stage.b')).toBe(x('lake.stage.c'));
    expect(x('lake.stage.c')).toBeLessThan(x('lake.mart.d'));

    // A click on a node of the canvas re-centres the graph on it.
    const [dx, dy] = positions['lake.mart.d'];
    await canvas.click({ position: { x: dx, y: dy } });
    await page.waitForURL(new RegExp(`address=${lineage['lake.mart.d']}`));
    await page.locator('main h2', { hasText: 'lake.mart.d' }).waitFor();
    await page.locator('.lineage-canvas[data-rendered-nodes="4"]').waitFor();

    // So does the list under it (the keyboard's way).
    await page.locator('ul.lineage-nodes').getByRole('button', { name: 'lake.stage.b' }).click();
    await page.waitForURL(new RegExp(`address=${lineage['lake.stage.b']}`));
    await page.locator('main h2', { hasText: 'lake.stage.b' }).waitFor();

    await open(`/lineage?address=${lineage['lake.stage.b']}&direction=downstream`);
    await page.locator('.lineage-canvas[data-rendered-nodes="2"]').waitFor();

    // Picking an address from the search starts a graph there.
    await open('/lineage');
    await page.getByText('Search for an address').waitFor();
    await page.getByLabel('Find an address').fill('stage.c');
    await page.locator('ul.address-results').getByRole('button', { name: 'lake.stage.c' }).click();
    await page.waitForURL(new RegExp(`address=${lineage['lake.stage.c']}`));
    await page.locator('.lineage-canvas[data-rendered-nodes="3"]').waitFor();
  });

  it('should show an alert with its delivery status and its deliveries', async () => {
    await open('/alerts');
    const row = page.locator(`tr[data-alert-id="${alertId}"]`);
    await row.waitFor();
    await row.getByRole('button').click();
    await page.getByText('No notification channel is configured').waitFor();
    await screenshot(page, 'alerts');
    // The list's summary over the alert's deliveries (none: recorded only).
    expect(await row.locator('td.delivery').innerText()).toBe('recorded (no channel)');
    // The outlier raised an anomaly alert: the kind filter shows it and hides the test alert.
    await open('/alerts?kind=anomaly');
    await page.locator('table.alerts tbody tr').first().waitFor();
    expect(await page.locator(`tr[data-alert-id="${alertId}"]`).count()).toBe(0);
    const pipelineLink = page.locator(
      `table.alerts a[href="/ui/pipelines/${ids.anomaly_pipeline}"]`,
    );
    expect(await pipelineLink.count()).toBeGreaterThan(0);
    await open('/alerts?kind=queue');
    await page.getByText('No alert matches these filters.').waitFor();
  });

  it('should show the daily reporting table', async () => {
    await open('/reporting');
    await page.locator('table.reporting tbody tr').first().waitFor();
    const text = await page.locator('table.reporting').innerText();
    expect(text).toContain('billing_sync');
    expect(text).toContain('100 %');
    await screenshot(page, 'reporting');
  });

  it('should show the system status', async () => {
    await open('/system');
    await page.locator('dl.system').waitFor();
    const text = await page.locator('main').innerText();
    const mode = process.env.WATCHER_TEST_MODE === 'postgres' ? 'production' : 'embedded';
    expect(text).toContain(`${mode} / all`);
    expect(text).toMatch(/Database\s+up/);
    await screenshot(page, 'system');
  });

  it('should serve deep links, keep focus visible and not break in the dark scheme', async () => {
    await open(`/pipelines/${ids.billing_sync}`);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => document.activeElement?.textContent);
    expect(skip).toBe('Skip to content');
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe('solid');
    const dark = await launchBrowser({ colorScheme: 'dark' });
    try {
      const darkPage = await dark.newPage();
      await darkPage.goto(`${baseUrl}/ui/`);
      await darkPage.locator('table.overview tbody tr').first().waitFor();
      const background = await darkPage.evaluate(
        () => getComputedStyle(document.body).backgroundColor,
      );
      expect(background).toBe('rgb(17, 19, 24)');
      await screenshot(darkPage, 'overview-dark');
      expect(dark.problems).toEqual([]);
    } finally {
      await dark.close();
    }
  });
});
