import {
  bigintsToNumbers,
  copyJsonValue,
  jsonNumberSource,
  JsonSyntaxError,
  parseFully,
  parseJsonBody,
  parseJsonLossless,
  stringifyIteratively,
  stringifyJsonLossless,
} from 'src/common/http/lossless-json.util';

function codeOf(text: string): string | undefined {
  try {
    parseJsonLossless(text);
    return undefined;
  } catch (error) {
    return error instanceof JsonSyntaxError ? error.code : 'OTHER';
  }
}

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

describe('parseJsonLossless: hostile input', () => {
  it('should allow 64 levels of nesting and refuse 65 with JSON_TOO_DEEP', () => {
    expect(codeOf(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeUndefined();
    expect(codeOf(`${'['.repeat(65)}${']'.repeat(65)}`)).toBe('JSON_TOO_DEEP');
    expect(codeOf(`${'{"a":'.repeat(65)}1${'}'.repeat(65)}`)).toBe('JSON_TOO_DEEP');
    expect(codeOf(`{"m":${'{"a":'.repeat(63)}1${'}'.repeat(63)}}`)).toBeUndefined();
  });

  it('should refuse a 1 MiB body of [[[ without a stack overflow', () => {
    expect(codeOf('['.repeat(1024 * 1024))).toBe('JSON_TOO_DEEP');
    expect(parseJsonLossless('[[1]]', { maxDepth: 2 })).toEqual([[1]]);
    expect(codeOf('['.repeat(200_000) + ']'.repeat(200_000))).toBe('JSON_TOO_DEEP');
  });

  it('should refuse lone surrogates, escaped or raw, with BAD_ENCODING', () => {
    for (const text of [
      '"\\ud800"',
      '"\\udfff"',
      '"x\\ud800y"',
      '"\\udc00\\ud800"',
      '{"\\ud800":1}',
    ]) {
      expect(codeOf(text)).toBe('BAD_ENCODING');
    }
    expect(codeOf('"\ud800"')).toBe('BAD_ENCODING');
    expect(parseJsonLossless('"\\ud83d\\ude00"')).toBe('\u{1f600}');
    expect(parseJsonLossless('"\u{1f600}"')).toBe('\u{1f600}');
  });

  it('should report the path of the first NUL in a value or a key', () => {
    expect(parseJsonBody('{"a":"x\\u0000"}').nulPath).toBe('a');
    expect(parseJsonBody('{"m":{"ok":1,"k":[0,"\\u0000"]}}').nulPath).toBe('m.k.1');
    expect(parseJsonBody('{"m":{"ok":1,"\\u0000k":1}}').nulPath).toBe('m.\u0000k');
    expect(parseJsonBody('{"first":1,"\\u0000":1}').nulPath).toBe('\u0000');
    expect(parseJsonBody('"\\u0000"').nulPath).toBe('body');
    expect(parseJsonBody('{"a":"\\u0001"}').nulPath).toBeNull();
  });

  it('should never turn a user string into a number (no marker strings)', () => {
    const parsed = parseJsonLossless(
      '{"s":"\\u0000bigint:5","t":"bigint:5","n":12345678901234567890}',
    ) as Record<string, unknown>;
    expect(parsed.s).toBe('\u0000bigint:5');
    expect(parsed.t).toBe('bigint:5');
    expect(parsed.n).toBe(12345678901234567890n);
  });

  it('should keep the source text of numbers that do not print back the same', () => {
    const parsed = parseJsonLossless(
      '{"a":4.0,"b":1e2,"c":-0,"d":1e-400,"e":7,"f":[1E2],"g":12345678901234567890}',
    ) as Record<string, unknown>;
    expect(jsonNumberSource(parsed, 'a')).toBe('4.0');
    expect(jsonNumberSource(parsed, 'b')).toBe('1e2');
    expect(jsonNumberSource(parsed, 'c')).toBe('-0');
    expect(jsonNumberSource(parsed, 'd')).toBe('1e-400');
    expect(jsonNumberSource(parsed, 'e')).toBeUndefined();
    expect(jsonNumberSource(parsed.f, 0)).toBe('1E2');
    expect(jsonNumberSource(parsed, 'g')).toBeUndefined();
    expect(parsed.d).toBe(0);
  });

  it('should keep every key as data, without touching any prototype', () => {
    const text =
      '{"__proto__":{"polluted":true},"constructor":1,"toString":2,"valueOf":3,"hasOwnProperty":4,"prototype":5}';
    for (const parsed of [parseJsonLossless(text), parseFully(text).value] as Array<
      Record<string, unknown>
    >) {
      expect(Object.keys(parsed)).toEqual([
        '__proto__',
        'constructor',
        'toString',
        'valueOf',
        'hasOwnProperty',
        'prototype',
      ]);
      expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({
        polluted: true,
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(stringifyJsonLossless(parsed)).toBe(text);
    }
    expect(Object.getPrototypeOf(parseFully(text).value)).toBeNull();
  });

  it('should give the same value through the JSON.parse shortcut and the full parser', () => {
    const texts = [
      '{"a":[1,{"b":null}],"c":"x\\n\\"y","d":-1.5,"e":0,"f":123456789012345}',
      '[true,false,null,"é",{"":{}}]',
      `{"deep":${'['.repeat(60)}${']'.repeat(60)}}`,
      '{"a":1,"a":2}',
      '{"caf\\u00e9":"\\u00e9\\u4e2d\\u0041","pair":"\\ud83d\\ude00"}',
      '  "text"  ',
    ];
    for (const text of texts) {
      expect(parseJsonLossless(text)).toEqual(parseFully(text).value);
      expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
    }
  });

  it('should refuse invalid JSON in the words of the full parser, whichever path it took', () => {
    for (const text of ['{"a":1,}', '[1 2]', '{"a":tru}']) {
      expect(() => parseJsonLossless(text)).toThrow(JsonSyntaxError);
      expect(() => parseJsonLossless(text)).toThrow(/at position \d+/);
    }
  });

  it.each([
    '',
    ' ',
    '{',
    '{"a":1,}',
    '[1,]',
    "{'a':1}",
    'NaN',
    '01',
    '1.',
    '-',
    '"abc',
    '"a\tb"',
    '"\\x41"',
    '"\\u12"',
    '{"a" 1}',
    '{1:2}',
    'tru',
    '[1] x',
    '{"a":1}}',
  ])('should refuse %p with BAD_JSON', (text) => {
    expect(codeOf(text)).toBe('BAD_JSON');
  });

  it('should read what JSON.parse reads', () => {
    for (const text of [
      '{"a":[1,{"b":null}],"c":"\\n\\"\\/\\u00e9"}',
      ' [ ] ',
      '"x"',
      '-1.5e-3',
      'true',
    ]) {
      expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
    }
  });
});

describe('stringifyJsonLossless', () => {
  it('should not turn a user string that looks like an old marker into a number', () => {
    expect(stringifyJsonLossless({ s: '\u0000bigint:5' })).toBe('{"s":"\\u0000bigint:5"}');
  });

  it('should write any depth without recursion', () => {
    let deep: Record<string, unknown> = { id: 0, child_executions: [] };
    const root = deep;
    for (let level = 1; level < 20_000; level++) {
      const child = { id: level, child_executions: [] };
      (deep.child_executions as unknown[]).push(child);
      deep = child;
    }
    const text = stringifyJsonLossless(root);
    expect(text.startsWith('{"id":0,"child_executions":[{"id":1,')).toBe(true);
    expect(text.length).toBeGreaterThan(20_000 * 25);
  });

  it('should follow JSON.stringify for toJSON, undefined, functions, NaN and nested arrays', () => {
    const value = {
      date: new Date('2024-01-01T00:00:00Z'),
      skipped: undefined,
      fn: () => 1,
      list: [undefined, NaN, Infinity, -0, 'é\n', [[]], {}],
      nested: { a: null, b: false },
    };
    expect(stringifyJsonLossless(value)).toBe(JSON.stringify(value));
    expect(stringifyJsonLossless(undefined)).toBe(JSON.stringify(null));
  });

  it('should write like JSON.stringify through the iterative writer as well', () => {
    const value = { a: [1, 'two', null, { b: [] }], c: { d: true }, e: new Date(0) };
    expect(stringifyIteratively(value)).toBe(JSON.stringify(value));
    expect(stringifyIteratively({ big: 2n ** 64n })).toBe('{"big":18446744073709551616}');
  });

  it('should throw on a cycle', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stringifyJsonLossless(cyclic)).toThrow(TypeError);
  });

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

describe('copyJsonValue', () => {
  it('should copy without prototypes and keep bigints unless asked not to', () => {
    const copy = copyJsonValue({ a: [1n, { b: 'x' }] }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(copy).toEqual({ a: [1n, { b: 'x' }] });
    expect(copyJsonValue({ a: 2n }, false)).toEqual({ a: 2 });
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
