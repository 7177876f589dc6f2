import { ValidationFailedError } from 'src/common/errors/app-error';
import { parseIdempotencyKey } from 'src/modules/execution/idempotency-key.decorator';

describe('parseIdempotencyKey', () => {
  it('should pass an absent header through as undefined', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each(['a', 'run-2024-01-01', 'dag=sales; try 2', 'x'.repeat(255), '~!@#$%^&*()'])(
    'should accept %p',
    (key) => {
      expect(parseIdempotencyKey(key)).toBe(key);
    },
  );

  it.each([
    ['an empty value', ''],
    ['256 characters', 'x'.repeat(256)],
    ['a control character', 'a\tb'],
    ['a non-ASCII character', 'clé'],
  ])('should refuse %s with a validation error', (_label, key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(ValidationFailedError);
  });
});
