import { describe, expect, it } from 'vitest';
import { getSettings, parseSettings, PipeguardSettingsError } from '../src/settings';

describe('settings.pipeguard', () => {
  it('absent settings give empty defaults', () => {
    expect(parseSettings(undefined)).toEqual({ namespaceAliases: {}, jobNamespace: undefined, apis: [], pipelineFiles: undefined });
  });

  it('reads every key', () => {
    const parsed = parseSettings({
      namespaceAliases: { sqlite: 'sqlite:///data/demo.db' },
      jobNamespace: 'demo',
      apis: ['@octokit/rest', { from: 'package', package: 'stripe', name: ['Stripe'] }, { from: 'lib', name: 'fetch' }, { from: 'file', name: 'x', path: 'src/x.ts' }],
      pipelineFiles: ['src/pipeline/**'],
    });
    expect(parsed.namespaceAliases).toEqual({ sqlite: 'sqlite:///data/demo.db' });
    expect(parsed.jobNamespace).toBe('demo');
    expect(parsed.apis).toHaveLength(4);
    expect(parsed.pipelineFiles).toEqual(['src/pipeline/**']);
  });

  it.each([
    [{ namespaceAlias: {} }, 'settings.pipeguard.namespaceAlias: unknown key; known keys are namespaceAliases, jobNamespace, apis, pipelineFiles'],
    [{ namespaceAliases: { sqlite: 1 } }, 'settings.pipeguard.namespaceAliases.sqlite: expected a non-empty namespace string'],
    [{ namespaceAliases: [] }, 'settings.pipeguard.namespaceAliases: expected an object'],
    [{ jobNamespace: '' }, 'settings.pipeguard.jobNamespace: expected a non-empty string'],
    [{ apis: 'openai' }, 'settings.pipeguard.apis: expected an array'],
    [{ apis: [{ from: 'npm', name: 'x' }] }, "settings.pipeguard.apis[0].from: expected 'package', 'file' or 'lib'"],
    [{ apis: [{ from: 'package', name: 'x' }] }, 'settings.pipeguard.apis[0].package: expected the package name'],
    [{ apis: [{ from: 'lib', name: [] }] }, 'settings.pipeguard.apis[0].name: expected a string or a non-empty array of strings'],
    [{ apis: [''] }, 'settings.pipeguard.apis[0]: expected a non-empty module or function name'],
    [{ pipelineFiles: 'src/**' }, 'settings.pipeguard.pipelineFiles: expected an array of glob strings'],
    ['yes', 'settings.pipeguard.: expected an object'],
  ])('rejects %j with a message naming the key', (raw, message) => {
    expect(() => parseSettings(raw)).toThrow(PipeguardSettingsError);
    expect(() => parseSettings(raw)).toThrow(message);
  });

  it('an alias named __proto__ (as JSON config gives it) stays an own alias, not a prototype', () => {
    const parsed = parseSettings({ namespaceAliases: JSON.parse('{"__proto__": "sqlite:///x.db", "pg": "postgres://h"}') as unknown });
    expect(Object.hasOwn(parsed.namespaceAliases, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(parsed.namespaceAliases, '__proto__')?.value).toBe('sqlite:///x.db');
    expect(Object.getPrototypeOf(parsed.namespaceAliases)).toBe(Object.prototype);
    expect(Object.keys(parsed.namespaceAliases)).toEqual(['__proto__', 'pg']);
  });
  it('caches per settings object', () => {
    const settings = { pipeguard: { jobNamespace: 'a' } };
    const first = getSettings({ settings });
    expect(getSettings({ settings })).toBe(first);
    expect(getSettings({ settings: { pipeguard: { jobNamespace: 'a' } } })).not.toBe(first);
  });
});
