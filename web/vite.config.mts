import { defineConfig } from 'vite';

/** A folder next to this file, as a path (no node: imports, so web/ type-checks without Node types). */
const here = (relative: string): string =>
  decodeURIComponent(new URL(relative, import.meta.url).pathname);

const root = here('.');

/** web/ → dist/web/, served by the API process at /ui/ (src/modules/dashboard/ui). */
export default defineConfig({
  root,
  base: '/ui/',
  publicDir: 'public',
  // Preact's automatic JSX runtime, compiled by Vite's own oxc transform (no Babel).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // Cytoscape + dagre are most of the bundle; they load only with the lineage page.
    chunkSizeWarningLimit: 800,
    // A strict CSP (script-src 'self'): no inline module-preload polyfill.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: Object.fromEntries(
      [
        '/dashboard',
        '/reporting',
        '/pipeline_execution',
        '/lineage-graph',
        '/alerts',
        '/health',
        '/version',
        '/unflag_anomaly',
      ].map((path) => [path, 'http://127.0.0.1:3000']),
    ),
  },
});
