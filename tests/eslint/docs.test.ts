/**
 * The plugin's README rules table and every rule doc's generated header and options list are
 * produced by eslint-doc-generator from the built plugin's rule metadata; `--check` fails on any
 * drift. It runs here (after turbo's `^build` has built the plugin) rather than in the plugin's own
 * `test` task, which does not depend on the plugin's own build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertPluginBuilt, pluginRoot, show, workspaceRoot } from './project';

const RULES = [
  'lineage-matches-code',
  'rate-limit-matches-code',
  'require-lineage',
  'require-rate-limit',
  'require-rationale',
  'require-schema-docs',
  'valid-doc-blocks',
];

describe('rule docs cannot drift from the rules', () => {
  it('eslint-doc-generator --check passes for the README table and every docs/rules page', () => {
    assertPluginBuilt();
    const bin = join(pluginRoot, 'node_modules', 'eslint-doc-generator', 'dist', 'bin', 'eslint-doc-generator.js');
    const run = spawnSync(process.execPath, [bin, '--check'], { cwd: pluginRoot, encoding: 'utf8', timeout: 120_000 });
    const result = { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
    expect(result.code, show(result)).toBe(0);
  });

  it('the README table lists all seven rules with links to their docs', () => {
    const readme = readFileSync(join(pluginRoot, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- begin auto-generated rules list -->'), readme.indexOf('<!-- end auto-generated rules list -->'));
    for (const rule of RULES) {
      expect(table).toContain(`[${rule}](https://github.com/pipeguard/pipeguard/blob/main/docs/rules/${rule}.md)`);
      expect(existsSync(join(workspaceRoot, 'docs', 'rules', `${rule}.md`)), rule).toBe(true);
    }
  });

  it('every rule page has examples and says when not to use the rule', () => {
    for (const rule of RULES) {
      const page = readFileSync(join(workspaceRoot, 'docs', 'rules', `${rule}.md`), 'utf8');
      expect(page, rule).toMatch(/^## Examples$/m);
      expect(page, rule).toMatch(/^## When not to use it$/m);
      expect(page, rule).toContain('<!-- end auto-generated rule header -->');
    }
  });
});
