import { validate } from 'class-validator';
import { IsCount, isCount, MAX_COUNT } from 'src/common/validation/count.decorator';

class Counted {
  @IsCount()
  total_rows: unknown;
}

async function messagesFor(value: unknown): Promise<string[]> {
  const subject = new Counted();
  subject.total_rows = value;
  const errors = await validate(subject);
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('isCount', () => {
  it.each([0, 1, 42, Number.MAX_SAFE_INTEGER, -0])('should accept the number %p', (value) => {
    expect(isCount(value)).toBe(true);
  });

  it.each([0n, 1n, 9007199254740993n, MAX_COUNT])('should accept the bigint %p', (value) => {
    expect(isCount(value)).toBe(true);
  });

  it.each([
    ['a negative number', -1],
    ['a negative bigint', -1n],
    ['a fraction', 1.5],
    ['an integer beyond 2^53 as a double', 2 ** 60],
    ['a bigint beyond 2^63 - 1', MAX_COUNT + 1n],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a numeric string', '10'],
    ['a boolean', true],
    ['null', null],
    ['an array', [1]],
    ['an object', { value: 1 }],
  ])('should reject %s', (_label, value) => {
    expect(isCount(value)).toBe(false);
  });
});

describe('IsCount', () => {
  it('should pass for the largest bigint value', async () => {
    expect(await messagesFor(MAX_COUNT)).toEqual([]);
  });

  it('should name the problem in the message', async () => {
    expect(await messagesFor(-5)).toEqual([
      'total_rows must be an integer from 0 to 9223372036854775807 (got a negative number)',
    ]);
    expect((await messagesFor(2.5))[0]).toContain('(got a fraction)');
    expect((await messagesFor(MAX_COUNT + 1n))[0]).toContain('(too large)');
    expect((await messagesFor(1e300))[0]).toContain('(too large)');
    expect((await messagesFor(2 ** 60))[0]).toContain('plain digits');
    expect((await messagesFor('100'))[0]).toContain('not a string');
    expect((await messagesFor([1]))[0]).toContain('not an array');
  });
});
