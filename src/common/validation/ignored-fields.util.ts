import { isPlainData } from 'src/common/validation/body-view.util';

/** The most of the ignored-fields list a response header carries (the rest is cut to `...`). */
export const IGNORED_FIELDS_HEADER_MAX_LENGTH = 1024;

/** A DTO instance (its class decides which keys are known), not free-form data. */
function isDtoInstance(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainData(value)
  );
}

/**
 * The keys of the sent body that the validated DTO dropped (unknown fields), as paths of keys
 * (`['source_addresses', '0', 'colour']`). Only DTO levels are compared: free-form values such as
 * metadata objects keep every key and are not descended into.
 */
export function findIgnoredFields(sent: unknown, kept: unknown): string[][] {
  const ignored: string[][] = [];
  const work: Array<[unknown, unknown, string[]]> = [[sent, kept, []]];
  while (work.length > 0) {
    const [sentValue, keptValue, path] = work.pop() as [unknown, unknown, string[]];
    if (Array.isArray(sentValue) && Array.isArray(keptValue)) {
      sentValue.forEach((item, index) =>
        work.push([item, keptValue[index], [...path, `${index}`]]),
      );
      continue;
    }
    if (!isPlainData(sentValue) || !isDtoInstance(keptValue)) {
      continue;
    }
    for (const key of Object.keys(sentValue)) {
      if (Object.prototype.hasOwnProperty.call(keptValue, key)) {
        work.push([sentValue[key], keptValue[key], [...path, key]]);
      } else {
        ignored.push([...path, key]);
      }
    }
  }
  return ignored;
}

function headerSegment(segment: string): string {
  return /^[A-Za-z0-9_-]+$/.test(segment)
    ? segment
    : encodeURIComponent(segment).replace(/\./g, '%2E');
}

/**
 * The X-Watcher-Ignored-Fields value: comma-separated paths, each key percent-encoded unless it
 * is made of letters, digits, `_` and `-` (so commas, dots and non-ASCII stay unambiguous), cut
 * to about 1 KiB with a final `...`.
 */
export function ignoredFieldsHeader(paths: string[][]): string {
  const encoded = paths
    .map((path) => ({ raw: path.join('.'), text: path.map(headerSegment).join('.') }))
    .sort((a, b) => (a.raw < b.raw ? -1 : a.raw > b.raw ? 1 : 0))
    .map(({ text }) => text);
  let header = '';
  for (const path of encoded) {
    const next = header === '' ? path : `${header},${path}`;
    if (next.length > IGNORED_FIELDS_HEADER_MAX_LENGTH) {
      return `${header},...`;
    }
    header = next;
  }
  return header;
}
