import {
  bigintsToNumbers,
  parseJsonLossless,
  stringifyJsonLossless,
} from 'src/common/http/lossless-json.util';

describe('parseJsonLossless', () => {
  it('should parse ordinary JSON exactly like JSON.parse', () => {
    const text = '{"a":1,"b":[true,null,"x"],"c":{"d":-2.5e3}}';
    expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
  });

  it('should keep integers beyond 2^53 exactly, as bigint', () => {
    const parsed = parseJsonLossless(
      '{"max":9223372036854775807,"neg":-9007199254740993}',
    ) as Record<string, unknown>;
    expect(parsed.max).toBe(9223372036854775807n);
    expect(parsed.neg).toBe(-9007199254740993n);
  });

  it('should keep safe long integers as numbers', () => {
    expect(parseJsonLossless('[1234567890123456]')).toEqual([1234567890123456]);
  });

  it('should parse long decimals and exponents as numbers, like JSON.parse', () => {
    for (const text of ['0.30000000000000004', '12345678901234567890.5', '1234567890123456789e2']) {
      expect(parseJsonLossless(`[${text}]`)).toEqual(JSON.parse(`[${text}]`));
    }
  });

  it('should leave digits inside strings alone, escaped quotes included', () => {
    expect(parseJsonLossless('{"s":"say \\"12345678901234567890\\" ok","n":1}')).toEqual({
      s: 'say "12345678901234567890" ok',
      n: 1,
    });
  });

  it('should still reject invalid JSON, including leading zeros on long integers', () => {
    expect(() => parseJsonLossless('{"a": 01234567890123456789}')).toThrow(SyntaxError);
    expect(() => parseJsonLossless('{"a": 12345678901234567890,')).toThrow(SyntaxError);
  });
});

describe('stringifyJsonLossless', () => {
  it('should write bigint as a bare JSON number', () => {
    expect(stringifyJsonLossless({ a: 9223372036854775807n, b: 'x' })).toBe(
      '{"a":9223372036854775807,"b":"x"}',
    );
  });

  it('should match JSON.stringify when there is no bigint', () => {
    const value = { a: [1, 'two', null], b: { c: true } };
    expect(stringifyJsonLossless(value)).toBe(JSON.stringify(value));
  });

  it('should round-trip with parseJsonLossless', () => {
    const text = '{"rows":18446744073709551,"id":3}';
    expect(stringifyJsonLossless(parseJsonLossless(text))).toBe(text);
  });
});

describe('bigintsToNumbers', () => {
  it('should convert nested bigints and keep everything else', () => {
    expect(bigintsToNumbers({ a: [1n, { b: 2n }], c: 'x', d: null })).toEqual({
      a: [1, { b: 2 }],
      c: 'x',
      d: null,
    });
  });
});
