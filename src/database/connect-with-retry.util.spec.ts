import { DatabaseError } from 'pg';
import {
  connectWithRetry,
  DatabaseStartupError,
  describeConnectError,
} from 'src/database/connect-with-retry.util';

const TARGET = 'postgres://watcher@db:5432/watcher';

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

function sqlState(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, 0, 'error');
  error.code = code;
  return error;
}

/** A fake clock: sleeping advances it. */
function fakeTime(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let clock = 0;
  const slept: number[] = [];
  return {
    now: () => clock,
    sleep: (ms) => {
      slept.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    slept,
  };
}

describe('connectWithRetry', () => {
  it('should retry transient errors with one line each and return once connected', async () => {
    const time = fakeTime();
    const lines: string[] = [];
    const connect = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(refused())
      .mockRejectedValueOnce(sqlState('57P03', 'the database system is starting up'))
      .mockResolvedValue('connected');
    await expect(
      connectWithRetry(connect, {
        target: TARGET,
        timeoutMs: 30_000,
        log: (l) => lines.push(l),
        ...time,
      }),
    ).resolves.toBe('connected');
    expect(connect).toHaveBeenCalledTimes(3);
    expect(time.slept).toEqual([500, 1000]);
    expect(lines).toEqual([
      `Database ${TARGET} not reachable yet (connect ECONNREFUSED 10.0.0.1:5432); retrying in 0.5 s (attempt 1)`,
      `Database ${TARGET} not reachable yet (the database system is starting up (57P03)); retrying in 1.0 s (attempt 2)`,
    ]);
  });

  it('should give up after the timeout with a message naming the database', async () => {
    const time = fakeTime();
    const lines: string[] = [];
    const attempt = connectWithRetry(() => Promise.reject(refused()), {
      target: TARGET,
      timeoutMs: 10_000,
      log: (l) => lines.push(l),
      ...time,
    });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseStartupError);
    await expect(attempt).rejects.toThrow(
      `The database ${TARGET} is unreachable (5 attempt(s) over 7.5 s): connect ECONNREFUSED 10.0.0.1:5432`,
    );
    expect(time.slept).toEqual([500, 1000, 2000, 4000]);
    expect(lines).toHaveLength(4);
  });

  it.each([
    ['a database that does not exist', sqlState('3D000', 'database "watcher" does not exist')],
    ['a wrong password', sqlState('28P01', 'password authentication failed for user "watcher"')],
    ['a bug', new TypeError('x is not a function')],
  ])('should not retry %s', async (_name, error) => {
    const lines: string[] = [];
    const connect = jest.fn(() => Promise.reject(error));
    const attempt = connectWithRetry(connect, {
      target: TARGET,
      timeoutMs: 30_000,
      log: (l) => lines.push(l),
      ...fakeTime(),
    });
    await expect(attempt).rejects.toThrow(`Cannot use the database ${TARGET}: ${error.message}`);
    expect(connect).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([]);
  });

  it('should try exactly once with a timeout of 0', async () => {
    const connect = jest.fn(() => Promise.reject(refused()));
    await expect(
      connectWithRetry(connect, {
        target: TARGET,
        timeoutMs: 0,
        log: () => undefined,
        ...fakeTime(),
      }),
    ).rejects.toThrow(/unreachable \(1 attempt\(s\)/);
    expect(connect).toHaveBeenCalledTimes(1);
  });
});

describe('describeConnectError', () => {
  it('should spell out an AggregateError without a message (several addresses refused)', () => {
    const error = new AggregateError([refused(), refused()], '');
    expect(describeConnectError(error)).toBe(
      'connect ECONNREFUSED 10.0.0.1:5432; connect ECONNREFUSED 10.0.0.1:5432',
    );
  });
});
