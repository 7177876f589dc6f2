import type { ExecutionTreeRow } from 'src/modules/execution/execution.repository';
import { toExecutionResponse, toExecutionTree } from 'src/modules/execution/execution.mapper';

function row(
  id: number | bigint,
  parentId: number | bigint | null,
  depth: number,
  extra: Partial<ExecutionTreeRow> = {},
): ExecutionTreeRow {
  return {
    id,
    parent_id: parentId,
    pipeline_id: 1,
    start_date: new Date('2024-01-01T10:00:00Z'),
    end_date: null,
    duration_seconds: null,
    completed_successfully: null,
    inserts: null,
    updates: null,
    soft_deletes: null,
    total_rows: null,
    watermark: null,
    next_watermark: null,
    execution_metadata: null,
    anomaly_flags: null,
    throughput: null,
    depth,
    ...extra,
  };
}

describe('toExecutionResponse', () => {
  it('should answer the seed fields in order, timestamps in UTC with Z, numbers as given', () => {
    const response = toExecutionResponse(
      row(1, null, 0, {
        end_date: new Date('2024-01-01T12:05:00+02:00'),
        duration_seconds: 300,
        completed_successfully: true,
        inserts: 800,
        updates: 200,
        soft_deletes: 0,
        total_rows: 9223372036854775807n,
        watermark: '2024-01-01T00:00:00Z',
        next_watermark: '2024-01-01T23:59:59Z',
        execution_metadata: { partition: '2025-01-05' },
        anomaly_flags: { total_rows: true },
        throughput: 3.3333,
      }),
    );
    expect(Object.keys(response)).toEqual([
      'id',
      'parent_id',
      'pipeline_id',
      'start_date',
      'end_date',
      'duration_seconds',
      'completed_successfully',
      'inserts',
      'updates',
      'soft_deletes',
      'total_rows',
      'watermark',
      'next_watermark',
      'execution_metadata',
      'anomaly_flags',
      'throughput',
    ]);
    expect(response).toMatchObject({
      start_date: '2024-01-01T10:00:00.000Z',
      end_date: '2024-01-01T10:05:00.000Z',
      total_rows: 9223372036854775807n,
      throughput: 3.3333,
    });
  });
});

describe('toExecutionTree', () => {
  it('should return null without a depth-0 row', () => {
    expect(toExecutionTree([])).toBeNull();
  });

  it('should give a leaf an empty child_executions', () => {
    const tree = toExecutionTree([row(5, null, 0)]);
    expect(tree).toMatchObject({ id: 5, parent_id: null, child_executions: [] });
  });

  it('should nest every level under its parent, children ordered as given', () => {
    // root 1 → children 2 and 3; 2 → 4; 4 → 6; 3 → 5
    const tree = toExecutionTree([
      row(1, null, 0),
      row(2, 1, 1),
      row(3, 1, 1),
      row(4, 2, 2),
      row(5, 3, 2),
      row(6, 4, 3),
    ]);
    const shape = (node: { id: unknown; child_executions: unknown[] }): unknown => ({
      id: node.id,
      children: (node.child_executions as Array<typeof node>).map(shape),
    });
    expect(shape(tree as never)).toEqual({
      id: 1,
      children: [
        { id: 2, children: [{ id: 4, children: [{ id: 6, children: [] }] }] },
        { id: 3, children: [{ id: 5, children: [] }] },
      ],
    });
  });

  it('should root a subtree at an inner execution (its own parent is not in the rows)', () => {
    const tree = toExecutionTree([row(2, 1, 0), row(4, 2, 1)]);
    expect(tree?.id).toBe(2);
    expect(tree?.parent_id).toBe(1);
    expect(tree?.child_executions.map((child) => child.id)).toEqual([4]);
  });

  it('should match parents across number and bigint ids', () => {
    const tree = toExecutionTree([row(9007199254740993n, null, 0), row(7, 9007199254740993n, 1)]);
    expect(tree?.child_executions.map((child) => child.id)).toEqual([7]);
  });

  it('should nest a chain far deeper than the start limit (rows written before it) without recursion', () => {
    const rows = Array.from({ length: 20_000 }, (_, depth) =>
      row(depth + 1, depth === 0 ? null : depth, depth),
    );
    let node = toExecutionTree(rows);
    let levels = 0;
    while (node) {
      levels += 1;
      node = node.child_executions[0] ?? null;
    }
    expect(levels).toBe(20_000);
  });
});
