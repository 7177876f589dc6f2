import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ingestRoutes } from 'src/app.ingest-routes';
import { AllExceptionsFilter } from 'src/common/errors/all-exceptions.filter';
import { composeMiddleware } from 'src/common/http/compose-middleware.util';
import { directPostRoutes } from 'src/common/http/direct-routes.util';
import { ErrorResponse } from 'src/common/errors/error-response.dto';
import {
  jsonBodyMiddleware,
  losslessJsonResponseMiddleware,
} from 'src/common/http/json-body.middleware';
import { requestIdMiddleware } from 'src/common/http/request-id.middleware';
import { workerRoutesMiddleware } from 'src/common/http/worker-routes.middleware';
import { securityHeadersMiddleware } from 'src/common/http/security-headers.middleware';
import { addMissingExamples, type OpenApiDocument } from 'src/common/swagger/openapi-examples.util';
import { nestLogLevels } from 'src/common/logging/log-levels.util';
import { requestLoggingMiddleware } from 'src/common/logging/request-logging.middleware';
import { packageInfo } from 'src/common/util/package-info.util';
import { WatcherValidationPipe } from 'src/common/validation/watcher-validation.pipe';
import { type AppConfig, appConfig } from 'src/config/app.config';

export const API_DESCRIPTION = [
  'Watcher registers data pipelines, opens and closes their executions with row counts, hands ' +
    'out incremental-load watermarks, records lineage, and watches over them (anomalies, ' +
    'freshness, timeliness).',
  '',
  '**Conventions.** JSON in (`application/json`, `text/plain` or no Content-Type; anything else ' +
    'is 415), JSON out. Bodies are limited to 1 MiB and 64 levels of nesting (400 ' +
    '`JSON_TOO_DEEP`); bytes that are not UTF-8 and lone surrogates are refused (400 ' +
    '`BAD_ENCODING`), never replaced; NUL characters anywhere, and control characters in names, ' +
    'are 422 naming the field. Path ids are 1 to 19 plain digits without sign or leading zero, ' +
    'else 422.',
  // No dollar sign in the document: @nestjs/swagger splices it into swagger-ui-init.js with
  // String.replace, which reads a dollar followed by a backtick, a quote or a digit as a pattern.
  '',
  '**Unknown fields** are ignored (older and newer clients send extra keys), and named in the ' +
    '`X-Watcher-Ignored-Fields` response header: comma-separated, nested paths dotted, each key ' +
    'percent-encoded unless it is letters, digits, `_` and `-`. A typo such as `total_row` ' +
    'shows up there.',
  '',
  'Errors have one shape (`ErrorResponse`): `{statusCode, error, code, message, details, ' +
    'requestId}`; `code` is stable and machine-readable.',
].join('\n');

/**
 * Everything main.ts and the e2e tests share: security headers, body parsing, request ids,
 * logging, validation, the exception filter and Swagger (unless WATCHER_DOCS=false). Create the
 * app with `{ bodyParser: false }`.
 */
export function configureApp(app: INestApplication): INestApplication {
  const expressApp = app as NestExpressApplication;
  const config = app.get<AppConfig>(appConfig.KEY);
  expressApp.disable('x-powered-by');
  const validationPipe = new WatcherValidationPipe();
  const exceptionFilter = new AllExceptionsFilter();
  // In this order, as one Express layer (composeMiddleware), ahead of Nest's routes.
  expressApp.use(
    composeMiddleware([
      securityHeadersMiddleware(),
      requestIdMiddleware,
      losslessJsonResponseMiddleware,
      requestLoggingMiddleware(nestLogLevels(config.logLevel)),
      ...(config.role === 'worker' ? [workerRoutesMiddleware] : []),
      jsonBodyMiddleware,
      directPostRoutes(ingestRoutes(app), validationPipe, exceptionFilter),
    ]),
  );
  app.useGlobalPipes(validationPipe);
  app.useGlobalFilters(exceptionFilter);
  app.enableShutdownHooks();
  if (config.isDocsEnabled) {
    setUpSwagger(app);
  }
  return app;
}

function setUpSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Watcher API')
    .setDescription(API_DESCRIPTION)
    .setVersion(packageInfo().version)
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'The server that serves this document')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse] });
  addMissingExamples(document as unknown as OpenApiDocument);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
