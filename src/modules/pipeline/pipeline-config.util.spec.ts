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
    const a = configDigest({ pipeline_metadata: { x: 1, y: { p: 1, q: 2 } } }, 'etl');
    const b = configDigest({ pipeline_metadata: { y: { q: 2, p: 1 }, x: 1 } }, 'etl');
    expect(a).toBe(b);
  });

  it('should change when a setting changes', () => {
    const a = configDigest({ freshness_number: 24, freshness_datepart: 'hour' }, 'etl');
    const b = configDigest({ freshness_number: 12, freshness_datepart: 'hour' }, 'etl');
    expect(a).not.toBe(b);
  });

  it('should change with the type name and ignore fields sent as null', () => {
    const sent = { freshness_number: 24, freshness_datepart: 'hour' };
    expect(configDigest(sent, 'etl')).not.toBe(configDigest(sent, 'elt'));
    expect(configDigest({ ...sent, pipeline_metadata: null }, 'etl')).toBe(
      configDigest(sent, 'etl'),
    );
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
