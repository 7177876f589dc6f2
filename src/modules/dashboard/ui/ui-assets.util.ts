import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** Where the dashboard is served; every asset URL in the built index.html starts with it. */
export const UI_BASE_PATH = '/ui/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names every file under assets/ by its content hash: it may be cached for a year. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** index.html (and the other unhashed files) must be revalidated, so a deploy shows at once. */
export const REVALIDATE_CACHE = 'no-cache';

export interface UiAsset {
  body: Buffer;
  contentType: string;
  cacheControl: string;
}

export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Every file of the built app, read once, keyed by its URL path below /ui/ ("index.html",
 * "assets/index-3f2a.js"). Requests are looked up in this map, never joined onto the disk path,
 * so no URL can reach a file outside the build.
 */
export function loadUiAssets(root: string): Map<string, UiAsset> {
  const assets = new Map<string, UiAsset>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.isFile()) {
        const key = relative(root, file).split(sep).join('/');
        assets.set(key, {
          body: readFileSync(file),
          contentType: contentTypeOf(entry.name),
          cacheControl: key.startsWith('assets/') ? IMMUTABLE_CACHE : REVALIDATE_CACHE,
        });
      }
    }
  };
  walk(root);
  return assets;
}

/** The first candidate folder that holds a built index.html, or null. */
export function findUiRoot(candidates: readonly string[]): string | null {
  return (
    candidates.find(
      (dir) => existsSync(join(dir, 'index.html')) && statSync(join(dir, 'index.html')).isFile(),
    ) ?? null
  );
}

/**
 * What a GET below /ui/ answers: the file itself, 404 for a missing file that looks like an asset
 * (it has an extension: a stale hashed name must not get index.html as JavaScript), else the
 * SPA's index.html so deep links such as /ui/pipelines/7 load the app.
 */
export function resolveUiRequest(
  assets: ReadonlyMap<string, UiAsset>,
  subPath: string,
): { kind: 'file'; asset: UiAsset } | { kind: 'missing' } {
  const key = subPath.replace(/^\/+/, '');
  const asset = assets.get(key);
  if (asset) {
    return { kind: 'file', asset };
  }
  if (extname(key) !== '') {
    return { kind: 'missing' };
  }
  const index = assets.get('index.html');
  return index ? { kind: 'file', asset: index } : { kind: 'missing' };
}
