import { preparedStatement } from 'src/database/prepared-statement';

describe('preparedStatement', () => {
  it('should name the statement watcher_<name>', () => {
    expect(preparedStatement('spec_select_one', 'SELECT 1')).toEqual({
      name: 'watcher_spec_select_one',
      text: 'SELECT 1',
    });
  });

  it('should accept the same definition twice (a module loaded again)', () => {
    expect(preparedStatement('spec_twice', 'SELECT 2')).toEqual(
      preparedStatement('spec_twice', 'SELECT 2'),
    );
  });

  it('should refuse one name for two texts', () => {
    preparedStatement('spec_clash', 'SELECT 3');
    expect(() => preparedStatement('spec_clash', 'SELECT 4')).toThrow(/defined twice/);
  });

  it.each(['', 'Upper', '1st', 'with space', 'dash-ed', 'x'.repeat(42)])(
    'should refuse the name %j',
    (name) => {
      expect(() => preparedStatement(name, 'SELECT 5')).toThrow(/not a lower-case identifier/);
    },
  );
});
