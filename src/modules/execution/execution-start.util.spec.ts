import {
  assertNestable,
  assertSameStart,
  MAX_EXECUTION_DEPTH,
  sentStart,
} from 'src/modules/execution/execution-start.util';

const first = {
  id: 4,
  pipeline_id: 3,
  parent_id: 9,
  start_date: new Date('2024-01-01T10:00:00Z'),
};

describe('assertSameStart', () => {
  it('should accept a retry that sends the same fields or leaves them out', () => {
    expect(() =>
      assertSameStart(first, {
        pipelineId: 3,
        parentId: 9,
        startDate: new Date('2024-01-01T12:00:00+02:00'),
      }),
    ).not.toThrow();
    expect(() =>
      assertSameStart(first, { pipelineId: 3, parentId: undefined, startDate: undefined }),
    ).not.toThrow();
  });

  it('should name every field that differs', () => {
    expect(() =>
      assertSameStart(first, {
        pipelineId: 2,
        parentId: null,
        startDate: new Date('2024-01-01T10:00:01Z'),
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'IDEMPOTENCY_KEY_REUSED',
        details: [
          expect.objectContaining({ field: 'pipeline_id' }),
          expect.objectContaining({ field: 'start_date' }),
          expect.objectContaining({ field: 'parent_id' }),
        ],
      }),
    );
  });
});

describe('sentStart', () => {
  it('should tell an omitted parent from an explicit null and read the old alias', () => {
    expect(sentStart({ pipeline_id: 1 }).parentId).toBeUndefined();
    expect(sentStart({ pipeline_id: 1, parent_id: null }).parentId).toBeNull();
    expect(sentStart({ pipeline_id: 1, parent_execution_id: 5 }).parentId).toBe(5);
    expect(sentStart({ pipeline_id: 1, start_date: null }).startDate).toBeUndefined();
  });
});

describe('assertNestable', () => {
  it('should allow a parent up to depth 99 and refuse depth 100 or an unknown parent', () => {
    expect(() => assertNestable(1, MAX_EXECUTION_DEPTH - 1)).not.toThrow();
    expect(() => assertNestable(1, MAX_EXECUTION_DEPTH)).toThrow(
      expect.objectContaining({ code: 'EXECUTION_TOO_DEEP', httpStatus: 422 }),
    );
    expect(() => assertNestable(1, null)).toThrow(
      expect.objectContaining({ code: 'EXECUTION_NOT_FOUND', httpStatus: 404 }),
    );
  });
});
