import { StatementCoalescer } from 'src/database/statement-coalescer';

describe('StatementCoalescer', () => {
  function recording(answer: (inputs: number[]) => Promise<string[]>) {
    const batches: number[][] = [];
    const send = (inputs: number[]) => {
      batches.push(inputs);
      return answer(inputs);
    };
    return { batches, send };
  }

  it('should send the calls of one turn together and answer each in order', async () => {
    const { batches, send } = recording((inputs) => Promise.resolve(inputs.map((n) => `row ${n}`)));
    const coalescer = new StatementCoalescer(send, 10);
    // Calls that reach the coalescer after awaits of their own, within the same turn.
    const results = await Promise.all(
      [1, 2, 3].map(async (n) => {
        await Promise.resolve();
        return coalescer.run(n);
      }),
    );
    expect(results).toEqual(['row 1', 'row 2', 'row 3']);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(await coalescer.run(4)).toBe('row 4');
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('should send at once when a batch is full', async () => {
    const { batches, send } = recording((inputs) => Promise.resolve(inputs.map(String)));
    const coalescer = new StatementCoalescer(send, 2);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => coalescer.run(n)));
    expect(results).toEqual(['1', '2', '3', '4', '5']);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('should fail every call of a failed batch, and only those', async () => {
    let calls = 0;
    const coalescer = new StatementCoalescer((inputs: number[]) => {
      calls += 1;
      return calls === 1
        ? Promise.reject(new Error('connection lost'))
        : Promise.resolve(inputs.map(String));
    }, 10);
    const first = await Promise.allSettled([coalescer.run(1), coalescer.run(2)]);
    expect(first.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect((first[0] as PromiseRejectedResult).reason).toEqual(new Error('connection lost'));
    await expect(coalescer.run(3)).resolves.toBe('3');
  });
});
