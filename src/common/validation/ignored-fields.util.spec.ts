import {
  findIgnoredFields,
  IGNORED_FIELDS_HEADER_MAX_LENGTH,
  ignoredFieldsHeader,
} from 'src/common/validation/ignored-fields.util';

class AddressDto {
  name?: string;
}

class LineageDto {
  pipeline_id?: number;
  metadata?: Record<string, unknown>;
  sources?: AddressDto[];
}

function lineage(values: Partial<LineageDto>): LineageDto {
  return Object.assign(new LineageDto(), values);
}

describe('findIgnoredFields', () => {
  it('should list the keys the DTO dropped, nested DTOs included, and never free-form keys', () => {
    const sent = {
      pipeline_id: 1,
      total_row: 5,
      metadata: { anything: true },
      sources: [{ name: 'a', colour: 'red' }, { name: 'b' }],
    };
    const kept = lineage({
      pipeline_id: 1,
      metadata: { anything: true },
      sources: [
        Object.assign(new AddressDto(), { name: 'a' }),
        Object.assign(new AddressDto(), { name: 'b' }),
      ],
    });
    expect(findIgnoredFields(sent, kept)).toEqual([['total_row'], ['sources', '0', 'colour']]);
  });

  it('should find nothing when every key is known, or when the body is not an object', () => {
    expect(findIgnoredFields({ pipeline_id: 1 }, lineage({ pipeline_id: 1 }))).toEqual([]);
    expect(findIgnoredFields([1], [1])).toEqual([]);
    expect(findIgnoredFields(null, null)).toEqual([]);
  });
});

describe('ignoredFieldsHeader', () => {
  it('should join dotted paths sorted, percent-encoding keys that are not plain words', () => {
    expect(
      ignoredFieldsHeader([
        ['x y'],
        ['sources', '0', 'colour'],
        ['a,b'],
        ['c.d'],
        ['é'],
        ['total_row'],
      ]),
    ).toBe('a%2Cb,c%2Ed,sources.0.colour,total_row,x%20y,%C3%A9');
  });

  it('should stay within about 1 KiB and say that it was cut', () => {
    const many = Array.from({ length: 500 }, (_, index) => [`unknown_field_${index}`]);
    const header = ignoredFieldsHeader(many);
    expect(header.length).toBeLessThanOrEqual(IGNORED_FIELDS_HEADER_MAX_LENGTH + 4);
    expect(header.endsWith(',...')).toBe(true);
    expect(/^[\x21-\x7e]+$/.test(header)).toBe(true);
  });
});
