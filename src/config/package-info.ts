import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's package.json, found by walking up from this file (works from src/ and dist/src/). */
export function packageInfo(): { name: string; version: string; root: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name: string; version: string };
      if (pkg.name === 'rocketmq-cloud') return { name: pkg.name, version: pkg.version, root: dir };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of rocketmq-cloud not found');
    dir = parent;
  }
}
