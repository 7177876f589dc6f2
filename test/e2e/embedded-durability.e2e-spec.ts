import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt } from 'test/support/watcher-process';

// scripts/embedded-crash-soak.mjs with 2 cycles: a real node dist/main.js under write load is
// killed with SIGKILL twice, restarted (once over a lock whose pid now belongs to a live,
// unrelated process), and every acknowledged write must still be there. The 5-cycle run is
// `node scripts/embedded-crash-soak.mjs` (see README, Operations).
const describeEmbedded = process.env.DATABASE_URL ? describe.skip : describe;

interface SoakSummary {
  kills: number;
  pipelinesAcknowledged: number;
  executionsEndedAcknowledged: number;
  lost: number;
}

describeEmbedded('Embedded mode after kill -9', () => {
  beforeAll(() => {
    ensureBuilt();
  }, 120_000);

  it('should lose no acknowledged write across kill -9 and restart', async () => {
    const script = join(__dirname, '..', '..', 'scripts', 'embedded-crash-soak.mjs');
    const child = spawn(process.execPath, [script, '--cycles', '2', '--json'], {
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(stdout.trim().split('\n').pop() as string) as SoakSummary;
    process.stdout.write(`[embedded-durability] ${JSON.stringify(summary)}\n`);
    expect(summary.kills).toBe(2);
    expect(summary.pipelinesAcknowledged).toBeGreaterThan(0);
    expect(summary.lost).toBe(0);
  }, 240_000);
});
