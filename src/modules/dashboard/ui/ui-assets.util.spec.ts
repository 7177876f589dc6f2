import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  contentTypeOf,
  findUiRoot,
  IMMUTABLE_CACHE,
  loadUiAssets,
  resolveUiRequest,
  REVALIDATE_CACHE,
} from 'src/modules/dashboard/ui/ui-assets.util';

describe('ui-assets.util', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'watcher-ui-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{}');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('should key every file by its URL path, with its type and cache policy', () => {
    const assets = loadUiAssets(root);
    expect([...assets.keys()].sort()).toEqual([
      'assets/index-abc123.css',
      'assets/index-abc123.js',
      'favicon.svg',
      'index.html',
    ]);
    expect(assets.get('assets/index-abc123.js')).toMatchObject({
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: IMMUTABLE_CACHE,
    });
    expect(assets.get('index.html')).toMatchObject({
      contentType: 'text/html; charset=utf-8',
      cacheControl: REVALIDATE_CACHE,
    });
    expect(assets.get('favicon.svg')?.cacheControl).toBe(REVALIDATE_CACHE);
  });

  it('should answer index.html for deep links and 404 for missing files and traversal', () => {
    const assets = loadUiAssets(root);
    const index = assets.get('index.html');
    expect(resolveUiRequest(assets, '')).toEqual({ kind: 'file', asset: index });
    expect(resolveUiRequest(assets, 'pipelines/7')).toEqual({ kind: 'file', asset: index });
    expect(resolveUiRequest(assets, 'assets/index-abc123.css')).toEqual({
      kind: 'file',
      asset: assets.get('assets/index-abc123.css'),
    });
    expect(resolveUiRequest(assets, 'assets/index-old999.js')).toEqual({ kind: 'missing' });
    expect(resolveUiRequest(assets, '../package.json')).toEqual({ kind: 'missing' });
    expect(resolveUiRequest(assets, '..%2fpackage.json')).toEqual({ kind: 'missing' });
  });

  it('should find the first folder with an index.html', () => {
    expect(findUiRoot([join(root, 'nope'), join(root, 'assets'), root])).toBe(root);
    expect(findUiRoot([join(root, 'assets')])).toBeNull();
  });

  it('should fall back to a binary type for unknown extensions', () => {
    expect(contentTypeOf('a.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('a.bin')).toBe('application/octet-stream');
  });
});
