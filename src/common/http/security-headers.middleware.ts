import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** Swagger UI (/docs, its assets) and the OpenAPI document (/docs-json). */
export function isDocsPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/') || path === '/docs-json';
}

/** The web dashboard (/ui, its assets and deep links). */
export function isUiPath(path: string): boolean {
  return path === '/ui' || path.startsWith('/ui/');
}

/** The API answers JSON only: it loads nothing and may be framed by nobody. */
const apiHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
});

/**
 * Swagger UI loads its own scripts, inline styles and data: images; it calls the API on the same
 * origin and may only be framed by it.
 */
const docsHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
  },
});

/**
 * The dashboard loads only its own bundled scripts, styles and images, calls only this origin's
 * API and may be framed by nobody. No inline script or style: data is rendered as text.
 */
const uiHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
});

/**
 * helmet's headers on every response (nosniff, no framing, a strict CSP with relaxed ones for
 * /docs and /ui, no referrer…) and `Cache-Control: no-store` on API responses: they carry live state
 * (watermarks, runs) that no cache should keep.
 */
export function securityHeadersMiddleware(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (isDocsPath(request.path)) {
      docsHeaders(request, response, next);
      return;
    }
    if (isUiPath(request.path)) {
      // The UI controller sets Cache-Control itself (hashed assets are immutable).
      uiHeaders(request, response, next);
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    apiHeaders(request, response, next);
  };
}
