import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runtimeDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'runtime');

describe('the runtime stays light', () => {
  it('imports only its own modules, fast-check, node:vm and node:worker_threads (never typescript or the compile-time side)', () => {
    const allowed = new Set(['fast-check', 'node:vm', 'node:worker_threads']);
    for (const file of readdirSync(runtimeDir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(runtimeDir, file), 'utf8');
      const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] ?? '');
      for (const spec of specifiers) {
        const ok = (spec.startsWith('./') && !spec.includes('..')) || allowed.has(spec);
        expect(ok, `${file} imports ${spec}`).toBe(true);
      }
    }
  });
});
