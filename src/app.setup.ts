import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AllExceptionsFilter } from 'src/common/errors/all-exceptions.filter';
import { ErrorResponse } from 'src/common/errors/error-response.dto';
import {
  jsonBodyMiddleware,
  losslessJsonResponseMiddleware,
} from 'src/common/http/json-body.middleware';
import { requestIdMiddleware } from 'src/common/http/request-id.middleware';
import { securityHeadersMiddleware } from 'src/common/http/security-headers.middleware';
import { requestLoggingMiddleware } from 'src/common/logging/request-logging.middleware';
import { WatcherValidationPipe } from 'src/common/validation/watcher-validation.pipe';
import { type AppConfig, appConfig } from 'src/config/app.config';

export const API_DESCRIPTION =
  'Watcher registers data pipelines, opens and closes their executions with row counts, hands out ' +
  'incremental-load watermarks, records lineage, and watches over them (anomalies, freshness, timeliness).';

/**
 * Everything main.ts and the e2e tests share: security headers, body parsing, request ids,
 * logging, validation, the exception filter and Swagger (unless WATCHER_DOCS=false). Create the
 * app with `{ bodyParser: false }`.
 */
export function configureApp(app: INestApplication): INestApplication {
  const expressApp = app as NestExpressApplication;
  expressApp.disable('x-powered-by');
  expressApp.use(securityHeadersMiddleware());
  expressApp.use(requestIdMiddleware);
  expressApp.use(losslessJsonResponseMiddleware);
  expressApp.use(requestLoggingMiddleware);
  expressApp.use(jsonBodyMiddleware);
  app.useGlobalPipes(new WatcherValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  if (app.get<AppConfig>(appConfig.KEY).isDocsEnabled) {
    setUpSwagger(app);
  }
  return app;
}

function setUpSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Watcher')
    .setDescription(API_DESCRIPTION)
    .setVersion('0.1.0')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse] });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
