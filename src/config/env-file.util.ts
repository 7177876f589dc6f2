import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEnv } from 'node:util';

/** Name of the variable that points at the env file; empty turns .env loading off (the tests). */
export const ENV_FILE_VARIABLE = 'WATCHER_ENV_FILE';
const DEFAULT_ENV_FILE = '.env';

/**
 * Loads `.env` (or `$WATCHER_ENV_FILE`) into process.env before anything validates or reads the
 * environment. Variables already set in the environment win, even when set to an empty string.
 * Returns the absolute path of the file that was loaded, or undefined when there was none.
 * Call it first in every entry point (main.ts, the migration CLI's data source).
 */
export function loadEnvFile(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string | undefined {
  const configured = env[ENV_FILE_VARIABLE];
  if (configured !== undefined && configured.trim() === '') {
    return undefined;
  }
  const file = path.resolve(cwd, configured?.trim() || DEFAULT_ENV_FILE);
  if (!fs.existsSync(file)) {
    if (configured !== undefined) {
      throw new Error(`${ENV_FILE_VARIABLE}=${configured}: no such file (${file})`);
    }
    return undefined;
  }
  const parsed = parseEnvText(fs.readFileSync(file, 'utf8'));
  for (const [name, value] of Object.entries(parsed)) {
    if (env[name] === undefined) {
      env[name] = value;
    }
  }
  return file;
}

/** Node's own .env parser (the one behind `node --env-file`). */
function parseEnvText(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (value !== undefined) {
      result[name] = value;
    }
  }
  return result;
}
