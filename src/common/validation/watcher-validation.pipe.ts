import { type ArgumentMetadata, Injectable, Logger, ValidationPipe } from '@nestjs/common';
import { ownerOfBody } from 'src/common/http/parsed-bodies';
import { bodyView, isBodyView } from 'src/common/validation/body-view.util';
import { findIgnoredFields, ignoredFieldsHeader } from 'src/common/validation/ignored-fields.util';
import { validationExceptionFactory } from 'src/common/validation/validation-exception.factory';

export const IGNORED_FIELDS_HEADER = 'X-Watcher-Ignored-Fields';

/**
 * The global ValidationPipe ({ whitelist, transform }) with two additions for JSON bodies read by
 * jsonBodyMiddleware:
 * - their objects have no prototype, so Nest's prototype-key stripping (which deletes
 *   `constructor`, `prototype` and `__proto__` keys from metadata) is skipped for them;
 * - class-transformer gets a view of the body in which free-form nested objects are opaque
 *   (body-view.util), so it neither drops their keys nor trips over a `constructor` key;
 * - path and query primitives stay strings (strict parsing is IdParamPipe's job);
 * - unknown fields are still ignored, but named in the X-Watcher-Ignored-Fields response header
 *   and a debug log line.
 */
@Injectable()
export class WatcherValidationPipe extends ValidationPipe {
  private readonly logger = new Logger('Validation');

  constructor() {
    super({
      whitelist: true,
      transform: true,
      forbidUnknownValues: true,
      exceptionFactory: validationExceptionFactory,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' || !metadata.metatype || !this.toValidate(metadata)) {
      return super.transform(value, metadata);
    }
    const result: unknown = await super.transform(bodyView(value, metadata.metatype), metadata);
    this.reportIgnoredFields(value, result);
    return result;
  }

  /**
   * Path and query primitives are left as the strings they were sent as: Nest would run
   * `Number('0x1')` (= 1) before IdParamPipe could see the text. Every numeric parameter is read
   * strictly by IdParamPipe or IsQueryInt instead.
   */
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param' || metadata.type === 'query') {
      return value;
    }
    return super.transformPrimitive(value, metadata);
  }

  protected override stripProtoKeys(value: unknown): void {
    if (ownerOfBody(value) || isBodyView(value)) {
      return;
    }
    super.stripProtoKeys(value);
  }

  private reportIgnoredFields(sent: unknown, kept: unknown): void {
    const owner = ownerOfBody(sent);
    if (!owner) {
      return;
    }
    const ignored = findIgnoredFields(sent, kept);
    if (ignored.length === 0) {
      return;
    }
    const header = ignoredFieldsHeader(ignored);
    owner.response.setHeader(IGNORED_FIELDS_HEADER, header);
    const route = owner.request.originalUrl.split('?')[0];
    this.logger.debug(`${owner.request.method} ${route} ignored unknown fields: ${header}`);
  }
}
