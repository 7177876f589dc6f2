import { IdParamPipe } from 'src/common/http/id-param.pipe';

describe('IdParamPipe', () => {
  const pipe = new IdParamPipe('pipeline_id', { max: 2147483647 });

  it.each(['1', '42', '2147483647'])('should read %p', (text) => {
    expect(pipe.transform(text)).toBe(Number(text));
  });

  it.each([
    '0x1',
    '1.0',
    '+1',
    '1e0',
    ' 1',
    '\n1',
    '1e3',
    '01',
    '0',
    '-1',
    '',
    '1 ',
    '1\u0000',
    '١',
    '99999999999999999999',
    '9223372036854775808',
    '2147483648',
  ])('should refuse %p with 422 naming the parameter', (text) => {
    expect(() => pipe.transform(text)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        httpStatus: 422,
        details: [expect.objectContaining({ field: 'pipeline_id' })],
      }),
    );
  });

  it('should allow bigint-column ids up to 2^53 - 1 by default', () => {
    expect(new IdParamPipe().transform('9007199254740991')).toBe(9007199254740991);
    expect(() => new IdParamPipe().transform('9007199254740992')).toThrow();
  });
});
