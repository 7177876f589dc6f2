import type { PipelineEntity } from 'src/modules/pipeline/entities/pipeline.entity';
import {
  changedConfig,
  configDigest,
  pickSentConfig,
} from 'src/modules/pipeline/pipeline-config.util';

const stored = {
  pipeline_type_id: 1,
  pipeline_metadata: { a: 1, b: [1, 2] },
  freshness_number: 24,
  freshness_datepart: 'hour',
  timeliness_number: null,
  timeliness_datepart: null,
} as unknown as PipelineEntity;

describe('pickSentConfig', () => {
  it('should keep only sent, non-null keys plus the type id', () => {
    expect(
      pickSentConfig(
        { freshness_number: 24, freshness_datepart: 'hour', pipeline_metadata: null },
        3,
      ),
    ).toEqual({ pipeline_type_id: 3, freshness_number: 24, freshness_datepart: 'hour' });
  });
});

describe('configDigest', () => {
  it('should not depend on key order, inside metadata too', () => {
    const a = pickSentConfig({ pipeline_metadata: { x: 1, y: { p: 1, q: 2 } } }, 1);
    const b = pickSentConfig({ pipeline_metadata: { y: { q: 2, p: 1 }, x: 1 } }, 1);
    expect(configDigest(a)).toBe(configDigest(b));
  });

  it('should change when a setting changes', () => {
    const a = pickSentConfig({ freshness_number: 24, freshness_datepart: 'hour' }, 1);
    const b = pickSentConfig({ freshness_number: 12, freshness_datepart: 'hour' }, 1);
    expect(configDigest(a)).not.toBe(configDigest(b));
  });
});

describe('changedConfig', () => {
  it('should report nothing when the sent values equal the stored ones', () => {
    const sent = pickSentConfig(
      { pipeline_metadata: { b: [1, 2], a: 1 }, freshness_number: 24, freshness_datepart: 'hour' },
      1,
    );
    expect(changedConfig(stored, sent)).toEqual({});
  });

  it('should report the values that differ, ignoring omitted ones', () => {
    const sent = pickSentConfig({ freshness_number: 48, freshness_datepart: 'hour' }, 2);
    expect(changedConfig(stored, sent)).toEqual({ pipeline_type_id: 2, freshness_number: 48 });
  });
});
