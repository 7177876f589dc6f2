import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsQueryInt } from 'src/common/validation/query-int.decorator';

class Paged {
  @IsQueryInt({ min: 0, max: 1000 })
  offset?: unknown;
}

function read(value: unknown): { value: unknown; errors: number } {
  const instance = plainToInstance(Paged, { offset: value });
  return { value: instance.offset, errors: validateSync(instance).length };
}

describe('IsQueryInt', () => {
  it.each([
    ['0', 0],
    ['7', 7],
    ['1000', 1000],
  ])('should read %p as %p', (text, number) => {
    expect(read(text)).toEqual({ value: number, errors: 0 });
  });

  it.each([
    '1e2',
    '0x10',
    ' 1',
    '1.0',
    '-1',
    '+1',
    '01',
    '1001',
    '',
    'abc',
    ['1', '2'],
    '100000000000000000000',
  ])('should refuse %p', (value) => {
    expect(read(value).errors).toBe(1);
  });
});
