// The built dashboard at /ui/ (npm run build puts it in dist/web/; npm test builds first).
import request from 'supertest';
import { createTestApp, type TestApp } from 'test/support/create-test-app';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('Dashboard UI serving', () => {
  let testApp: TestApp;
  let indexHtml: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const response = await request(testApp.http).get('/ui/').expect(200);
    indexHtml = response.text;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should keep answering {"status":"ok"} to API clients on GET /', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      const call = request(testApp.http).get('/');
      const response = await (accept ? call.set('Accept', accept) : call).expect(200);
      expect(response.body).toEqual({ status: 'ok' });
      expect(response.headers.vary).toContain('Accept');
    }
  });

  it('should redirect a browser from / to /ui/, and /ui to /ui/', async () => {
    const root = await request(testApp.http).get('/').set('Accept', BROWSER_ACCEPT).expect(302);
    expect(root.headers.location).toBe('/ui/');
    const bare = await request(testApp.http).get('/ui').expect(301);
    expect(bare.headers.location).toBe('/ui/');
  });

  it('should serve index.html with a self-only CSP and no long cache', async () => {
    const response = await request(testApp.http).get('/ui/').expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(indexHtml).toMatch(/<script type="module" crossorigin src="\/ui\/assets\/[^"]+\.js">/);
    // No CDN: every script and stylesheet comes from /ui/.
    expect(indexHtml).not.toMatch(/(src|href)="https?:/);
  });

  it('should serve hashed assets with their type and an immutable cache', async () => {
    const script = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(indexHtml)?.[1];
    const style = /href="(\/ui\/assets\/[^"]+\.css)"/.exec(indexHtml)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const js = await request(testApp.http)
      .get(script as string)
      .expect(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    const css = await request(testApp.http)
      .get(style as string)
      .expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('should answer deep links with index.html and missing assets with a 404', async () => {
    const deep = await request(testApp.http).get('/ui/pipelines/7').expect(200);
    expect(deep.text).toBe(indexHtml);
    expect(deep.headers['cache-control']).toBe('no-cache');
    const missing = await request(testApp.http).get('/ui/assets/index-stale.js').expect(404);
    expect(missing.body.code).toBe('UI_ASSET_NOT_FOUND');
    expect(missing.headers['content-type']).toContain('application/json');
    await request(testApp.http).get('/ui/../package.json').expect(404);
    await request(testApp.http).get('/ui/%2e%2e/package.json').expect(404);
  });

  it('should keep the strict API CSP and no-store outside /ui', async () => {
    const response = await request(testApp.http).get('/version').expect(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
