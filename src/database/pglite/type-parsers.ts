import { types as pgTypes } from 'pg';

/**
 * One set of result parsers for both database modes, so rows look identical whether they come
 * from PostgreSQL (through `pg`) or from PGlite (through `createPglitePgModule`).
 *
 * Rules on top of pg's defaults:
 * - int8 -> number when it is a safe integer, otherwise a native bigint;
 * - numeric -> number (parseFloat);
 * - date -> the 'YYYY-MM-DD' string as PostgreSQL prints it (pg would build a local-midnight Date);
 * - the matching array types (int8[], numeric[], date[]) follow the same element rules.
 * Everything else keeps pg's default: int2/int4 -> number, bytea -> Buffer,
 * timestamp/timestamptz -> Date, json/jsonb -> parsed value, unknown types -> the text.
 */
export type TypeParser = (text: string, typeId?: number) => unknown;

/** The part of `pg.types` that `installPgTypeParsers` needs. */
export interface PgTypeRegistry {
  setTypeParser(oid: number, parser: (text: string) => unknown): void;
}

export const PgOid = {
  BYTEA: 17,
  INT8: 20,
  INT2: 21,
  INT4: 23,
  TEXT_ARRAY: 1009,
  INT8_ARRAY: 1016,
  DATE: 1082,
  DATE_ARRAY: 1182,
  NUMERIC_ARRAY: 1231,
  NUMERIC: 1700,
} as const;

/** Highest OID of a built-in type; user-defined types start at 16384. */
const LAST_BUILTIN_OID = 16383;

export function parseInt8(text: string): number | bigint {
  const asNumber = Number(text);
  return Number.isSafeInteger(asNumber) ? asNumber : BigInt(text);
}

export function parseNumeric(text: string): number {
  return parseFloat(text);
}

function keepText(text: string): string {
  return text;
}

/** pg's current text-format parser for a type (pg-types declares only a few OIDs). */
const pgParserFor = pgTypes.getTypeParser as (oid: number) => (text: string) => unknown;

const parseTextArray = pgParserFor(PgOid.TEXT_ARRAY);

function arrayOf(parseElement: (text: string) => unknown): (text: string) => unknown {
  const mapElements = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(mapElements);
    }
    return typeof value === 'string' ? parseElement(value) : value;
  };
  return (text) => mapElements(parseTextArray(text));
}

/** The overrides applied on top of pg's default parsers, in both modes. */
export const typeParserOverrides: Readonly<Record<number, (text: string) => unknown>> = {
  [PgOid.INT8]: parseInt8,
  [PgOid.INT8_ARRAY]: arrayOf(parseInt8),
  [PgOid.NUMERIC]: parseNumeric,
  [PgOid.NUMERIC_ARRAY]: arrayOf(parseNumeric),
  [PgOid.DATE]: keepText,
  [PgOid.DATE_ARRAY]: arrayOf(keepText),
};

/** Installs the shared parsers into the real `pg` module: `installPgTypeParsers(pg.types)`. */
export function installPgTypeParsers(types: PgTypeRegistry): void {
  for (const [oid, parser] of Object.entries(typeParserOverrides)) {
    types.setTypeParser(Number(oid), parser);
  }
}

/**
 * Builds the PGlite parser map: every built-in type pg knows how to parse, with pg's own parser
 * (so timestamps, bytea, json, intervals, arrays... come out exactly as pg returns them), plus
 * the overrides above.
 */
function buildPgliteParsers(): Record<number, TypeParser> {
  const noParse = pgParserFor(0);
  const parsers: Record<number, TypeParser> = {};
  for (let oid = 1; oid <= LAST_BUILTIN_OID; oid++) {
    const parser = pgParserFor(oid);
    if (parser !== noParse) {
      parsers[oid] = (text) => parser(text);
    }
  }
  for (const [oid, parser] of Object.entries(typeParserOverrides)) {
    parsers[Number(oid)] = (text) => parser(text);
  }
  return parsers;
}

/** Result parsers for PGlite (`db.query(sql, params, { parsers: pgliteParsers })`). */
export const pgliteParsers: Readonly<Record<number, TypeParser>> = buildPgliteParsers();
