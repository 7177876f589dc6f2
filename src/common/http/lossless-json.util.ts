import JSONbig from 'json-bigint';

const bigParser = JSONbig({
  useNativeBigInt: true,
  protoAction: 'ignore',
  constructorAction: 'ignore',
});
/** Integer literals of 16+ digits may not fit a double; only then is the slower parser used. */
const LONG_NUMBER = /\d{16,}/;
const BIGINT_MARK = '\u0000bigint:';
const BIGINT_MARK_PATTERN = /"\\u0000bigint:(-?\d+)"/g;

/**
 * Parses JSON without losing integers beyond 2^53: those become native bigint
 * (counts are bigint columns, up to 2^63-1). Decimal values stay numbers.
 */
export function parseJsonLossless(text: string): unknown {
  if (!LONG_NUMBER.test(text)) {
    return JSON.parse(text);
  }
  return bigParser.parse(text) as unknown;
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
  return hasBigint ? text.replace(BIGINT_MARK_PATTERN, '$1') : text;
}
