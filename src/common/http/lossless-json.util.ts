/**
 * A JSON reader and writer for request and response bodies, both iterative (no recursion, so no
 * stack overflow at any depth) and O(n):
 *
 * - nesting deeper than `maxDepth` (64) is refused as soon as the parser reaches it;
 * - strings must be well-formed UTF-16: a lone surrogate, raw or as a `\ud800` escape, is refused
 *   (never replaced by U+FFFD);
 * - integers beyond 2^53 become native bigint, written back as bare JSON numbers. No marker
 *   string is involved, so no user string can turn into a number;
 * - the source text of every number that does not print back the same (`4.0`, `1e2`, `-0`,
 *   `1e-400`, long integers) is kept, see `jsonNumberSource`;
 * - every key (`__proto__`, `constructor`, `toString` …) is plain data: objects either have no
 *   prototype (full parser) or come from JSON.parse, which defines `__proto__` as an own key
 *   (plain bodies take JSON.parse after one cheap scan, see isPlainJson);
 * - the path of the first string or key holding a NUL character is reported (PostgreSQL cannot
 *   store NUL in text or jsonb).
 */

import { HiddenProperty } from 'src/common/util/hidden-property.util';

export { stringifyIteratively, stringifyJsonLossless } from 'src/common/http/json-writer.util';

export const MAX_JSON_DEPTH = 64;

export type JsonErrorCode = 'BAD_JSON' | 'JSON_TOO_DEEP' | 'BAD_ENCODING';

export class JsonSyntaxError extends SyntaxError {
  constructor(
    readonly code: JsonErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export interface ParsedJson {
  value: unknown;
  /** Dotted path (`pipeline_metadata.a.0`) of the first string or key with a NUL, else null. */
  nulPath: string | null;
}

export interface JsonParseOptions {
  maxDepth?: number;
}

type JsonObject = Record<string, unknown>;
type Container = JsonObject | unknown[];

interface Frame {
  container: Container;
  /** The key whose value is being read (objects), or the next index (arrays). */
  key: string | number;
}

const numberSources = new HiddenProperty<Map<string | number, string>>('watcher.numberSources');

/**
 * The JSON text a number was written as, when it differs from how JavaScript prints the parsed
 * value (`4.0`, `1e2`, `-0`, `1e-400`); undefined when it prints back the same.
 */
export function jsonNumberSource(container: unknown, key: string | number): string | undefined {
  if (typeof container !== 'object' || container === null) {
    return undefined;
  }
  return numberSources.get(container)?.get(key);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?\d+$/;
/** Prints back as written: no sign, no leading zero, under 16 digits. */
const SHORT_PLAIN_INTEGER = /^(?:0|[1-9]\d*)$/;
// The first quote, backslash or control character (code points below 0x20) of a string.
// eslint-disable-next-line no-control-regex
const PLAIN_STRING_END = /["\\\u0000-\u001f]/g;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

class Parser {
  private index = 0;
  private readonly stack: Frame[] = [];
  nulPath: string | null = null;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parse(): unknown {
    if (!isWellFormed(this.text)) {
      throw new JsonSyntaxError('BAD_ENCODING', 'Request body contains a lone UTF-16 surrogate');
    }
    let result: unknown;
    let hasValue = false;
    for (;;) {
      this.skipWhitespace();
      const frame = this.stack[this.stack.length - 1];
      if (hasValue) {
        if (!frame) {
          break;
        }
        this.store(frame, result);
        if (!this.afterValue(frame)) {
          result = frame.container;
          this.stack.pop();
          continue;
        }
        hasValue = false;
        continue;
      }
      const opened = this.readValueOrOpen();
      if (opened === OPENED) {
        continue;
      }
      result = opened;
      hasValue = true;
    }
    if (this.index < this.text.length) {
      this.fail('Unexpected data after the JSON value');
    }
    return result;
  }

  private store(frame: Frame, value: unknown): void {
    if (Array.isArray(frame.container)) {
      frame.container.push(value);
    } else {
      frame.container[frame.key as string] = value;
    }
  }

  /** After a member: true when another follows (its key read), false when the container closed. */
  private afterValue(frame: Frame): boolean {
    this.skipWhitespace();
    const char = this.text[this.index];
    const isArray = Array.isArray(frame.container);
    if (char === ',') {
      this.index += 1;
      if (isArray) {
        frame.key = (frame.key as number) + 1;
      } else {
        this.skipWhitespace();
        frame.key = this.readKey();
      }
      return true;
    }
    if (char === (isArray ? ']' : '}')) {
      this.index += 1;
      return false;
    }
    return this.fail(`Expected ',' or '${isArray ? ']' : '}'}'`);
  }

  /** A scalar, an empty container, or OPENED when a container with members was opened. */
  private readValueOrOpen(): unknown {
    const char = this.text[this.index];
    if (char === '{' || char === '[') {
      return this.open(char);
    }
    if (char === '"') {
      return this.readString(true);
    }
    if (char === 't' || char === 'f' || char === 'n') {
      return this.readLiteral();
    }
    return this.readNumber();
  }

  private open(char: '{' | '['): unknown {
    if (this.stack.length >= this.maxDepth) {
      throw new JsonSyntaxError(
        'JSON_TOO_DEEP',
        `JSON nesting is deeper than ${this.maxDepth} levels (at position ${this.index})`,
      );
    }
    this.index += 1;
    this.skipWhitespace();
    const isArray = char === '[';
    const container: Container = isArray ? [] : (Object.create(null) as JsonObject);
    if (this.text[this.index] === (isArray ? ']' : '}')) {
      this.index += 1;
      return container;
    }
    const frame: Frame = { container, key: 0 };
    this.stack.push(frame);
    if (!isArray) {
      frame.key = this.readKey();
    }
    return OPENED;
  }

  private readKey(): string {
    if (this.text[this.index] !== '"') {
      this.fail('Expected a double-quoted property name');
    }
    const key = this.readString(false);
    this.skipWhitespace();
    if (this.text[this.index] !== ':') {
      this.fail("Expected ':' after a property name");
    }
    this.index += 1;
    return key;
  }

  private readString(isValue: boolean): string {
    const start = this.index + 1;
    PLAIN_STRING_END.lastIndex = start;
    const match = PLAIN_STRING_END.exec(this.text);
    if (!match) {
      return this.fail('Unterminated string');
    }
    if (match[0] === '"') {
      this.index = match.index + 1;
      return this.text.slice(start, match.index);
    }
    return this.readEscapedString(start, isValue);
  }

  private readEscapedString(start: number, isValue: boolean): string {
    const parts: string[] = [];
    let index = start;
    let runStart = start;
    for (;;) {
      const code = this.text.charCodeAt(index);
      if (Number.isNaN(code)) {
        this.index = index;
        return this.fail('Unterminated string');
      }
      if (code === 0x22) {
        break;
      }
      if (code < 0x20) {
        this.index = index;
        return this.fail('Control character in a string (escape it)');
      }
      if (code !== 0x5c) {
        index += 1;
        continue;
      }
      parts.push(this.text.slice(runStart, index));
      index = this.readEscape(index, parts);
      runStart = index;
    }
    parts.push(this.text.slice(runStart, index));
    this.index = index + 1;
    const value = parts.join('');
    if (!isWellFormed(value)) {
      throw new JsonSyntaxError(
        'BAD_ENCODING',
        `String ending at position ${index} contains a lone surrogate (\\ud800-\\udfff escape)`,
      );
    }
    if (this.nulPath === null && value.includes('\u0000')) {
      this.nulPath = this.pathHere(isValue ? undefined : value);
    }
    return value;
  }

  /** Appends the character escaped at `index` (a backslash) and returns the index after it. */
  private readEscape(index: number, parts: string[]): number {
    const char = this.text[index + 1];
    if (char === 'u') {
      const hex = this.text.slice(index + 2, index + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.index = index;
        this.fail('Bad \\u escape');
      }
      parts.push(String.fromCharCode(parseInt(hex, 16)));
      return index + 6;
    }
    const escaped = char === undefined ? undefined : ESCAPES[char];
    if (escaped === undefined) {
      this.index = index;
      return this.fail('Bad escape');
    }
    parts.push(escaped);
    return index + 2;
  }

  private readLiteral(): boolean | null {
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.index)) {
        this.index += word.length;
        return value;
      }
    }
    return this.fail('Unexpected token');
  }

  private readNumber(): number | bigint {
    NUMBER.lastIndex = this.index;
    const match = NUMBER.exec(this.text);
    if (!match) {
      return this.fail(this.index < this.text.length ? 'Unexpected token' : 'Unexpected end');
    }
    const token = match[0];
    this.index += token.length;
    const asNumber = Number(token);
    if (token.length < 16 && SHORT_PLAIN_INTEGER.test(token)) {
      return asNumber;
    }
    const value = INTEGER.test(token) && !Number.isSafeInteger(asNumber) ? BigInt(token) : asNumber;
    if (String(value) !== token) {
      this.rememberSource(token);
    }
    return value;
  }

  private rememberSource(token: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) {
      return;
    }
    let sources = numberSources.get(frame.container);
    if (!sources) {
      sources = new Map();
      numberSources.set(frame.container, sources);
    }
    sources.set(frame.key, token);
  }

  /** The dotted path of the value being read, or of the key `key` of the innermost object. */
  private pathHere(key: string | undefined): string {
    const segments = this.stack.map((frame) => String(frame.key));
    if (key !== undefined) {
      // A key is read after its frame's previous key: replace that one.
      segments[segments.length - 1] = key;
    }
    return segments.join('.') || 'body';
  }

  private skipWhitespace(): void {
    const { text } = this;
    let index = this.index;
    for (;;) {
      const code = text.charCodeAt(index);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) {
        break;
      }
      index += 1;
    }
    this.index = index;
  }

  private fail(reason: string): never {
    const where = this.index < this.text.length ? `position ${this.index}` : 'the end';
    throw new JsonSyntaxError('BAD_JSON', `${reason} at ${where}`);
  }
}

const OPENED = Symbol('opened');
const LITERALS: Array<[string, boolean | null]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

/**
 * True when JSON.parse would give exactly what Parser gives (objects aside, which then keep
 * Object.prototype, with `__proto__` as an own data key): nesting within the limit, no `\u`
 * escape for NUL or a surrogate (the only way to write them), every number printing back as
 * written.
 * One cheap O(n) pass; anything unusual, including invalid JSON, takes the full parser.
 */
function isPlainJson(text: string, maxDepth: number): boolean {
  const length = text.length;
  let depth = 0;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 0x22) {
      index = plainStringEnd(text, index + 1);
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      index = depth > maxDepth ? -1 : index + 1;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
      index += 1;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      index = plainNumberEnd(text, index);
    } else {
      index += 1;
    }
    if (index < 0) {
      return false;
    }
  }
  return true;
}

/** A `\uXXXX` escape (hex digits at `start`) that is neither NUL nor a surrogate. */
function isPlainUnicodeEscape(text: string, start: number): boolean {
  const hex = text.slice(start, start + 4);
  return /^[0-9a-fA-F]{4}$/.test(hex) && hex !== '0000' && !/^[dD][89a-fA-F]/.test(hex);
}

/**
 * Index after the closing quote of a string without raw control characters and without a `\u`
 * escape for NUL or a surrogate (the full parser checks those), else -1.
 */
function plainStringEnd(text: string, start: number): number {
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x22) {
      return index + 1;
    }
    if (code === 0x5c) {
      if (text.charCodeAt(index + 1) === 0x75 && !isPlainUnicodeEscape(text, index + 2)) {
        return -1;
      }
      index += 1;
    } else if (code < 0x20) {
      return -1;
    }
  }
  return -1;
}

/** Index after a number token that prints back as written (no source text to keep), else -1. */
function plainNumberEnd(text: string, start: number): number {
  let index = start + 1;
  let isPlainInteger = text.charCodeAt(start) !== 0x2d;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x30 && code <= 0x39) {
      continue;
    }
    if (code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d) {
      isPlainInteger = false;
      continue;
    }
    break;
  }
  const length = index - start;
  if (isPlainInteger && length < 16) {
    return text.charCodeAt(start) === 0x30 && length > 1 ? -1 : index;
  }
  const token = text.slice(start, index);
  return String(Number(token)) === token ? index : -1;
}

/** Parses a JSON text with the rules above; throws JsonSyntaxError with a code. */
export function parseJsonBody(text: string, options: JsonParseOptions = {}): ParsedJson {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  if (isWellFormed(text) && isPlainJson(text, maxDepth)) {
    try {
      return { value: JSON.parse(text) as unknown, nulPath: null };
    } catch {
      // Invalid JSON: the full parser below says why, in its own words.
    }
  }
  return parseFully(text, maxDepth);
}

/** The full parser alone, without the JSON.parse shortcut (parseJsonBody's reference). */
export function parseFully(text: string, maxDepth = MAX_JSON_DEPTH): ParsedJson {
  const parser = new Parser(text, maxDepth);
  const value = parser.parse();
  return { value, nulPath: parser.nulPath };
}

/** parseJsonBody's value (NUL characters are kept; callers that store text check nulPath). */
export function parseJsonLossless(text: string, options: JsonParseOptions = {}): unknown {
  return parseJsonBody(text, options).value;
}

/**
 * A copy of a parsed JSON value for free-form metadata: objects without a prototype (so every key
 * is data), and, when `keepBigints` is false, integers beyond 2^53 as doubles (as any JSON reader
 * would see them). Iterative: safe at any depth.
 */
export function copyJsonValue(value: unknown, keepBigints = true): unknown {
  const convert = (item: unknown): unknown =>
    typeof item === 'bigint' && !keepBigints ? Number(item) : item;
  if (typeof value !== 'object' || value === null) {
    return convert(value);
  }
  const root: Container = Array.isArray(value) ? [] : (Object.create(null) as JsonObject);
  const work: Array<[object, Container]> = [[value, root]];
  while (work.length > 0) {
    const [source, target] = work.pop() as [object, Container];
    for (const [key, item] of Object.entries(source) as Array<[string, unknown]>) {
      let copied: unknown = convert(item);
      if (typeof item === 'object' && item !== null && !(item instanceof Date)) {
        copied = Array.isArray(item) ? [] : (Object.create(null) as JsonObject);
        work.push([item, copied as Container]);
      }
      if (Array.isArray(target)) {
        target[Number(key)] = copied;
      } else {
        target[key] = copied;
      }
    }
  }
  return root;
}

/** Replaces bigint values nested anywhere in a JSON value by numbers (for free-form metadata). */
export function bigintsToNumbers(value: unknown): unknown {
  return copyJsonValue(value, false);
}
