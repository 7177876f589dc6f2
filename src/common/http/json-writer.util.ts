/**
 * The JSON writer of responses (and of jsonb parameters): bigint values are written as bare JSON
 * numbers, and no depth overflows the stack.
 */

interface WriteFrame {
  isArray: boolean;
  source: object;
  keys: string[] | null;
  index: number;
  wroteAny: boolean;
}

/** A value JSON.stringify leaves out of objects (and writes as null in arrays). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** The JSON text of a scalar, or null for objects (and for what JSON has no text for). */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : 'null';
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  return value === null ? 'null' : null;
}

function toJsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object') {
    const withToJson = value as { toJSON?: (key: string) => unknown };
    if (typeof withToJson.toJSON === 'function') {
      return withToJson.toJSON(key);
    }
  }
  return value;
}

/**
 * JSON.stringify that writes bigint values as plain JSON numbers and never overflows the stack:
 * the native serialiser is tried first (fast); a bigint (TypeError) or a depth beyond its stack
 * (RangeError) hands over to an iterative writer with the same output.
 */
export function stringifyJsonLossless(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (!(error instanceof TypeError) && !(error instanceof RangeError)) {
      throw error;
    }
  }
  return stringifyIteratively(value);
}

/**
 * JSON.stringify without recursion (any depth), writing bigint values as plain JSON numbers.
 * Same output as JSON.stringify otherwise (toJSON, skipped undefined, null for NaN); a cycle
 * throws a TypeError.
 */
export function stringifyIteratively(value: unknown): string {
  const out: string[] = [];
  const stack: WriteFrame[] = [];
  const open = new Set<object>();
  let pending: unknown = toJsonValue(value, '');
  let hasPending = true;
  for (;;) {
    if (hasPending) {
      hasPending = false;
      writeValue(pending, out, stack, open);
    }
    const frame = stack[stack.length - 1];
    if (!frame) {
      break;
    }
    const next = nextMember(frame, out);
    if (next === CLOSED) {
      out.push(frame.isArray ? ']' : '}');
      open.delete(frame.source);
      stack.pop();
      continue;
    }
    pending = next;
    hasPending = true;
  }
  return out.join('');
}

const CLOSED = Symbol('closed');

/** Writes a scalar, or opens a container (its members follow on the stack). */
function writeValue(value: unknown, out: string[], stack: WriteFrame[], open: Set<object>): void {
  const scalar = scalarText(value);
  if (scalar !== null) {
    out.push(scalar);
    return;
  }
  if (typeof value !== 'object' || value === null) {
    out.push('null');
    return;
  }
  if (open.has(value)) {
    throw new TypeError('Converting circular structure to JSON');
  }
  open.add(value);
  const isArray = Array.isArray(value);
  out.push(isArray ? '[' : '{');
  stack.push({
    isArray,
    source: value,
    keys: isArray ? null : Object.keys(value),
    index: 0,
    wroteAny: false,
  });
}

/** Writes the separator (and key) of the frame's next member and returns its value, or CLOSED. */
function nextMember(frame: WriteFrame, out: string[]): unknown {
  if (frame.isArray) {
    const array = frame.source as unknown[];
    if (frame.index >= array.length) {
      return CLOSED;
    }
    const item = toJsonValue(array[frame.index], String(frame.index));
    out.push(frame.index > 0 ? ',' : '');
    frame.index += 1;
    return isSkipped(item) ? null : item;
  }
  const keys = frame.keys as string[];
  const source = frame.source as Record<string, unknown>;
  while (frame.index < keys.length) {
    const key = keys[frame.index];
    frame.index += 1;
    const item = toJsonValue(source[key], key);
    if (isSkipped(item)) {
      continue;
    }
    out.push(`${frame.wroteAny ? ',' : ''}${JSON.stringify(key)}:`);
    frame.wroteAny = true;
    return item;
  }
  return CLOSED;
}
