import { canonicalDigest, canonicalJson, isSameJson } from 'src/common/util/canonical-json.util';

describe('canonicalJson', () => {
  it('should sort keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('should drop undefined values like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('should keep array order', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});

describe('canonicalDigest', () => {
  it('should give the same digest regardless of key order', () => {
    expect(canonicalDigest({ x: 1, y: 'a' })).toBe(canonicalDigest({ y: 'a', x: 1 }));
  });

  it('should be the sha256 of the canonical text (stable across processes)', () => {
    expect(canonicalDigest({ a: 1 })).toBe(
      '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    );
  });

  it('should differ when a value differs', () => {
    expect(canonicalDigest({ a: 1 })).not.toBe(canonicalDigest({ a: 2 }));
  });
});

describe('isSameJson', () => {
  it('should treat null and undefined alike and compare deeply', () => {
    expect(isSameJson(null, undefined)).toBe(true);
    expect(isSameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(isSameJson({ a: 1 }, { a: '1' })).toBe(false);
  });
});
