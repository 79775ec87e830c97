/**
 * The built package works the way a user loads it: `require()` of the CJS build and `import()` of the
 * ESM build, through the `exports` map.
 *
 * @rationale Build into a temporary folder inside the test
 *   why: turbo runs `test` after the dependencies' `build`, not this package's own, and may run this
 *     package's `build` at the same time; building into a private folder tests the current source
 *     without racing tsup's `clean` on `dist/`.
 *   alternatives: test `dist/` as is (stale or missing on a fresh clone)
 *   tradeoffs: ~3 s for the tsup build with declarations
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let root = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'doc-blocks-dist-'));
  const installed = join(root, 'node_modules', '@pipeguard', 'doc-blocks');
  mkdirSync(installed, { recursive: true });
  const tsupPkg = require.resolve('tsup/package.json');
  const tsupBin = join(dirname(tsupPkg), (JSON.parse(readFileSync(tsupPkg, 'utf8')) as { bin: { tsup: string } }).bin.tsup);
  execFileSync(process.execPath, [tsupBin, '--out-dir', join(installed, 'dist'), '--silent'], { cwd: pkgDir, stdio: 'pipe' });
  cpSync(join(pkgDir, 'package.json'), join(installed, 'package.json'));
  cpSync(join(pkgDir, 'tsdoc.json'), join(installed, 'tsdoc.json'));
  cpSync(join(pkgDir, 'schemas'), join(installed, 'schemas'), { recursive: true });
  // Runtime dependencies, linked from the workspace (never installed from a registry).
  symlinkSync(join(pkgDir, 'node_modules', 'fastest-levenshtein'), join(root, 'node_modules', 'fastest-levenshtein'), 'dir');
}, 60_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const run = (file: string, code: string): string => {
  writeFileSync(join(root, file), code);
  return execFileSync(process.execPath, [join(root, file)], { cwd: root, encoding: 'utf8' }).trim();
};

const probe = `const text = '/**\\n * @rateLimit openai.chat\\n *   limit: 10 req/s\\n *   whyy: x\\n */';
const doc = m.parseDocComment(text);
out = JSON.stringify({ kind: doc.blocks[0].kind, codes: m.validateDoc(doc).map((d) => d.code), dur: m.parseDuration('1m30s') });`;
const expected = JSON.stringify({ kind: 'rateLimit', codes: ['unknown-key', 'missing-field', 'missing-field'], dur: 90_000 });

describe('built package', () => {
  it('emits ESM, CJS and declarations', () => {
    for (const f of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) {
      expect(existsSync(join(root, 'node_modules/@pipeguard/doc-blocks/dist', f)), f).toBe(true);
    }
  });

  it('require() works', () => {
    expect(run('probe.cjs', `const m = require('@pipeguard/doc-blocks'); let out; ${probe} console.log(out);`)).toBe(expected);
  });

  it('import() works', () => {
    expect(run('probe.mjs', `const m = await import('@pipeguard/doc-blocks'); let out; ${probe} console.log(out);`)).toBe(expected);
  });

  it('tsdoc.json and the facet schemas are exported', () => {
    const out = run(
      'probe2.cjs',
      `console.log(require('@pipeguard/doc-blocks/tsdoc.json').tagDefinitions.length, require('@pipeguard/doc-blocks/schemas/PipeguardRateLimitJobFacet.json').$id.length > 0)`,
    );
    expect(out).toBe('13 true');
  });
});
