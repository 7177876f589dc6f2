import { Batcher } from 'src/queue/batcher';

describe('Batcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should send what was added within the delay as one batch', async () => {
    const sent: number[][] = [];
    const batcher = new Batcher<number>(
      (items) => {
        sent.push(items);
        return Promise.resolve();
      },
      5,
      100,
    );
    batcher.add(1);
    batcher.add(2);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(5);
    await batcher.flush();
    batcher.add(3);
    await batcher.flush();
    expect(sent).toEqual([[1, 2], [3]]);
  });

  it('should send at once when a batch is full, and one batch after the other', async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const firstSent = new Promise<void>((resolve) => (release = resolve));
    const batcher = new Batcher<number>(
      async (items) => {
        events.push(`start ${items.join(',')}`);
        if (items[0] === 1) {
          await firstSent;
        }
        events.push(`end ${items.join(',')}`);
      },
      1000,
      2,
    );
    batcher.add(1);
    batcher.add(2); // full: sent now
    batcher.add(3);
    const second = batcher.flush();
    await Promise.resolve();
    expect(events).toEqual(['start 1,2']);
    release();
    await second;
    expect(events).toEqual(['start 1,2', 'end 1,2', 'start 3', 'end 3']);
    expect(batcher.pending).toBe(0);
  });
});
