import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR } from './helpers/cli';

describe('pnpm demo (src/demo.ts)', () => {
  it('--json: one JSON line on stdout; plugin findings and edge-test failures shown on stderr', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/demo.ts', '--json'], { cwd: APP_DIR, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] ?? '') as Record<string, unknown> & { demo: Record<string, number> };
    expect(summary).toMatchObject({ rowsRead: 36, rowsLoaded: 14, rowsQuarantined: 20, duplicatesSkipped: 2, apiCalls: 0, db: join(APP_DIR, '.data/demo.db') });
    expect(summary.demo.eslintFindings).toBeGreaterThanOrEqual(5);
    expect(summary.demo.edgeTestFailures).toBeGreaterThanOrEqual(3);
    expect(r.stderr).toContain('@pipeguard/require-rate-limit');
    expect(r.stderr).toContain('@pipeguard/require-schema-docs');
    expect(r.stderr).toMatch(/const email = .*\n\s*emailDomain\(email\);/);
    expect(existsSync(join(APP_DIR, '.data/demo.lineage.jsonl'))).toBe(true);
    expect(existsSync(join(APP_DIR, '.data/demo.lineage.mmd'))).toBe(true);
  }, 120_000);
});
