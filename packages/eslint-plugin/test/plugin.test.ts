import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';

const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
const docsDir = path.join(import.meta.dirname, '..', '..', '..', 'docs', 'rules');

type Docs = { url?: string; recommended?: string; requiresTypeChecking?: boolean; description?: string };
const entries = Object.entries(plugin.rules) as [string, { meta: { docs?: Docs; type: string; messages: Record<string, string> } }][];

describe('plugin surface', () => {
  it('meta comes from package.json', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('has the core rules with full meta and a docs page each', () => {
    for (const name of ['require-rate-limit', 'require-lineage', 'require-rationale', 'valid-doc-blocks']) {
      expect(Object.keys(plugin.rules)).toContain(name);
    }
    for (const [name, rule] of entries) {
      expect(rule.meta.docs?.url).toBe(`https://github.com/pipeguard/pipeguard/blob/main/docs/rules/${name}.md`);
      expect(rule.meta.docs?.description).toBeTruthy();
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      expect(existsSync(path.join(docsDir, `${name}.md`)), `docs/rules/${name}.md`).toBe(true);
    }
  });

  it('presets are generated from rule meta', () => {
    const id = (name: string) => `@pipeguard/${name}`;
    const untyped = entries.filter(([, r]) => r.meta.docs?.recommended && !r.meta.docs.requiresTypeChecking);
    expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(
      untyped.filter(([, r]) => r.meta.docs?.recommended === 'recommended').map(([n]) => id(n)).sort(),
    );
    expect(Object.keys(plugin.configs.strict.rules ?? {}).sort()).toEqual(untyped.map(([n]) => id(n)).sort());
    const typed = plugin.configs['recommended-type-checked'].rules ?? {};
    expect(Object.keys(typed).sort()).toEqual(entries.filter(([, r]) => r.meta.docs?.recommended === 'recommended').map(([n]) => id(n)).sort());
    expect(typed[id('require-rate-limit')]).toEqual(['error', { useTypes: true }]);
    for (const config of Object.values(plugin.configs)) {
      expect(config.plugins?.['@pipeguard']).toBe(plugin);
      expect(config.name).toMatch(/^@pipeguard\//);
    }
  });
});
