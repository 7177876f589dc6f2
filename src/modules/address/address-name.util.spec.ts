import { fillNameParts } from 'src/modules/address/address-name.util';

describe('fillNameParts', () => {
  it('should fill all three parts of a database address name', () => {
    expect(fillNameParts('sales_db.public.orders', 'database', {})).toEqual({
      database_name: 'sales_db',
      schema_name: 'public',
      table_name: 'orders',
    });
  });

  it('should keep the parts that were sent and fill only the others', () => {
    expect(
      fillNameParts('a.b.c', 'database', { schema_name: 'explicit', table_name: null }),
    ).toEqual({ database_name: 'a', schema_name: 'explicit', table_name: 'c' });
  });

  it('should keep the case of the parts', () => {
    expect(fillNameParts('Sales.Public.Orders', 'database', {}).table_name).toBe('Orders');
  });

  it.each([
    ['two parts', 'db.table', 'database'],
    ['four parts', 'a.b.c.d', 'database'],
    ['no dots', 's3://bucket/key', 'database'],
    ['another group', 'a.b.c', 'file'],
  ])('should derive nothing for %s', (_label, name, group) => {
    expect(fillNameParts(name, group, {})).toEqual({});
  });

  it('should leave a part longer than 50 characters (or an empty part) unset', () => {
    const long = 'x'.repeat(51);
    expect(fillNameParts(`${long}.s.t`, 'database', {})).toEqual({
      schema_name: 's',
      table_name: 't',
    });
    expect(fillNameParts(`${'y'.repeat(50)}..t`, 'database', {})).toEqual({
      database_name: 'y'.repeat(50),
      table_name: 't',
    });
  });
});

describe('fillNameParts with other fields present', () => {
  it('should return only the three name parts', () => {
    const input = { name: 'x', address_type_name: 'postgres', database_name: 'd' };
    expect(fillNameParts('a.b.c', 'database', input)).toEqual({
      database_name: 'd',
      schema_name: 'b',
      table_name: 'c',
    });
  });
});
