import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageInfo {
  name: string;
  version: string;
}

let cached: PackageInfo | undefined;

/**
 * Name and version from package.json, read once. This file sits three levels below the project
 * root both as source (src/common/util) and built (dist/common/util), and the image ships
 * package.json next to dist/.
 */
export function packageInfo(): PackageInfo {
  if (!cached) {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8');
    const { name, version } = JSON.parse(text) as PackageInfo;
    cached = { name, version };
  }
  return cached;
}
