/** Integer literals of 16+ digits may not fit a double; only then is the slower path taken. */
const LONG_DIGIT_RUN = /\d{16,}/;
const INTEGER_TOKEN = /^-?(0|[1-9]\d*)$/;
const NUMBER_CHAR = /[0-9eE.+-]/;
const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
/** Marks unsafe integers while parsing; a NUL byte cannot appear unescaped in valid JSON text. */
const BIGINT_MARK = '\u0000bigint:';
const BIGINT_MARK_ESCAPED = '\\u0000bigint:';
const BIGINT_OUT_PATTERN = /"\\u0000bigint:(-?\d+)"/g;

function isNumberStart(code: number): boolean {
  return code === MINUS || (code >= 48 && code <= 57);
}

/** Index just past the string literal that starts at `start` (an opening quote). */
function skipString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) {
      index += 2;
    } else if (code === QUOTE) {
      return index + 1;
    } else {
      index += 1;
    }
  }
  return index;
}

/** Wraps integer literals beyond Number.MAX_SAFE_INTEGER in marked strings. */
function markUnsafeIntegers(text: string): string {
  let output = '';
  let copiedUpTo = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = skipString(text, index);
      continue;
    }
    if (!isNumberStart(code)) {
      index += 1;
      continue;
    }
    const start = index;
    while (index < text.length && NUMBER_CHAR.test(text[index])) {
      index += 1;
    }
    const token = text.slice(start, index);
    if (INTEGER_TOKEN.test(token) && !Number.isSafeInteger(Number(token))) {
      output += `${text.slice(copiedUpTo, start)}"${BIGINT_MARK_ESCAPED}${token}"`;
      copiedUpTo = index;
    }
  }
  return output + text.slice(copiedUpTo);
}

/**
 * Parses JSON without losing integers beyond 2^53: those become native bigint (counts are bigint
 * columns, up to 2^63-1). Every other value parses exactly as JSON.parse would parse it.
 */
export function parseJsonLossless(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) {
    return JSON.parse(text);
  }
  return JSON.parse(markUnsafeIntegers(text), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(BIGINT_MARK)
      ? BigInt(value.slice(BIGINT_MARK.length))
      : value,
  );
}

/** JSON.stringify that writes bigint values as plain JSON numbers. */
export function stringifyJsonLossless(value: unknown): string {
  let hasBigint = false;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') {
      hasBigint = true;
      return `${BIGINT_MARK}${item.toString()}`;
    }
    return item;
  });
  if (text === undefined) {
    return 'null';
  }
  return hasBigint ? text.replace(BIGINT_OUT_PATTERN, '$1') : text;
}

/** Replaces bigint values nested anywhere in a JSON value by numbers (for free-form metadata). */
export function bigintsToNumbers(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return Number(value);
  }
  if (Array.isArray(value)) {
    return value.map(bigintsToNumbers);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, bigintsToNumbers(item)]),
    );
  }
  return value;
}
