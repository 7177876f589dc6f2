import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { HiddenProperty } from 'src/common/util/hidden-property.util';

/**
 * A free-form JSON value hidden from class-transformer. class-transformer copies every untyped
 * nested object key by key: it drops keys such as `toString` and `__proto__`, and it calls
 * `new value.constructor()` — with `{"constructor": 1}` in a body that is a 500. Wrapped, the
 * value is opaque to it (the JSON sits in a non-enumerable property); IsMetadataObject unwraps
 * it from the original, and any other field given an object fails its own validation.
 */
export class JsonBlob {
  declare readonly json: unknown;

  static wrap(json: unknown): JsonBlob {
    const blob = new JsonBlob();
    Object.defineProperty(blob, 'json', { value: json, enumerable: false });
    return blob;
  }
}

/** A DTO class, as class-transformer's metadata storage keys them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type DtoClass = Function;

const originals = new HiddenProperty<object>('watcher.bodyViewOriginal');

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** A JSON object as parsed (no prototype, or Object's), not a class instance or an array. */
export function isPlainData(value: unknown): value is Record<string, unknown> {
  if (!isObject(value) || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

/** The class a @Type() decorator gives a property, if any. */
function nestedType(target: DtoClass, key: string, object: object): DtoClass | undefined {
  const metadata = defaultMetadataStorage.findTypeMetadata(target, key);
  if (!metadata?.typeFunction) {
    return undefined;
  }
  return metadata.typeFunction({ newObject: {}, object, property: key });
}

function viewOfItem(item: unknown, nested: DtoClass | undefined): unknown {
  if (!isObject(item)) {
    return item;
  }
  if (Array.isArray(item)) {
    return item.map((element) => viewOfItem(element, nested));
  }
  return nested ? bodyView(item, nested) : JsonBlob.wrap(item);
}

/**
 * What the validation pipe hands to class-transformer for a body of DTO class `target`: a
 * shallow copy in which every nested object that no @Type() describes is a JsonBlob. Typed
 * nested DTOs are viewed the same way, level by level.
 */
export function bodyView(body: unknown, target: DtoClass): unknown {
  if (!isPlainData(body)) {
    return body;
  }
  const view = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    view[key] = viewOfItem(body[key], nestedType(target, key, body));
  }
  originals.set(view, body);
  return view;
}

/** The parsed body object a view was made from (itself when it is not a view). */
export function originalOf(object: unknown): unknown {
  return isObject(object) ? (originals.get(object) ?? object) : object;
}

export function isBodyView(object: unknown): boolean {
  return isObject(object) && originals.has(object);
}

/** The JSON a DTO property was sent with, unwrapped from its JsonBlob. */
export function sentJson(object: unknown, key: string): unknown {
  const value = isObject(object) ? (object as Record<string, unknown>)[key] : undefined;
  return value instanceof JsonBlob ? value.json : value;
}
