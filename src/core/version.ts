// The tool's version, from package.json (found upward: the sources and dist/ sit at different depths).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above pycodemod sources');
    dir = up;
  }
}

export const VERSION: string = JSON.parse(readFileSync(findPackageJson(), 'utf8')).version;
