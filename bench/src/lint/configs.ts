/**
 * The five lint configurations the benchmark compares, all on the same files and the same parser.
 *
 * @rationale Build every configuration from the presets users actually install
 *   why: the question a user asks is "what does adding pipeguard's preset cost compared with adding
 *     eslint-plugin-jsdoc's", so (b) and (c) differ from (a) only by one published preset each, and
 *     (e) differs from (d) only by pipeguard's type-checked preset.
 *   alternatives: hand-pick comparable rules from each plugin (our choice would decide the result)
 *   tradeoffs: a preset that grows more rules makes the ratio move; the run records each preset's rules
 */
import js from '@eslint/js';
import type { Linter } from 'eslint';
import jsdoc from 'eslint-plugin-jsdoc';
import { pathToFileURL } from 'node:url';
import tseslint from 'typescript-eslint';

export type ConfigId = 'a' | 'b' | 'c' | 'd' | 'e';

export const CONFIG_LABELS: Record<ConfigId, string> = {
  a: 'base (typescript-eslint parser, eslint + typescript-eslint recommended, no doc rules)',
  b: 'base + eslint-plugin-jsdoc flat/recommended-typescript',
  c: 'base + pipeguard recommended',
  d: 'typed base (project service) + @typescript-eslint/await-thenable',
  e: 'typed base + pipeguard recommended-type-checked',
};

export const TYPED_CONFIGS: readonly ConfigId[] = ['d', 'e'];

/** What each kind of configuration lints, relative to the corpus root: the typed ones only the generated
 *  project (the real files are not in its tsconfig). */
export const UNTYPED_PATTERNS: readonly string[] = ['gen/**/*.ts', 'real/**/*.ts'];
export const TYPED_PATTERNS: readonly string[] = ['gen/**/*.ts'];

/** The part of a plugin module we read: its presets by name. */
interface PluginWithConfigs {
  configs?: Record<string, unknown>;
}

function asConfigArray(value: unknown, what: string): Linter.Config[] {
  if (value === undefined || value === null) {
    throw new Error(`${what} is missing: the plugin does not export it yet (rebuild it with pnpm --filter <pkg> build)`);
  }
  return Array.isArray(value) ? (value as Linter.Config[]) : [value];
}

/**
 * Load `@pipeguard/eslint-plugin` (built `dist/`), or the plugin module at `entry` (a file path: another
 * build of it, for `lint-ab`); throws with a clear message when it is not built.
 */
export async function loadPipeguard(entry?: string): Promise<PluginWithConfigs> {
  // A variable specifier: our type-check must not depend on whether the plugin's .d.ts is built yet.
  const name = entry === undefined ? '@pipeguard/eslint-plugin' : pathToFileURL(entry).href;
  const mod = (await import(name)) as { default?: PluginWithConfigs };
  if (!mod.default) throw new Error(`${entry ?? '@pipeguard/eslint-plugin'} has no default export`);
  return mod.default;
}

function baseConfig(): Linter.Config[] {
  return [
    js.configs.recommended,
    ...(tseslint.configs.recommended as Linter.Config[]),
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  ];
}

function typedBase(corpusRoot: string): Linter.Config[] {
  return [
    ...baseConfig(),
    {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: corpusRoot } },
      rules: { '@typescript-eslint/await-thenable': 'error' },
    },
  ];
}

/** The flat config array of one configuration (`pluginEntry`: another build of the plugin, see loadPipeguard). */
export async function buildConfig(id: ConfigId, corpusRoot: string, pluginEntry?: string): Promise<Linter.Config[]> {
  switch (id) {
    case 'a':
      return baseConfig();
    case 'b':
      return [...baseConfig(), ...asConfigArray(jsdoc.configs['flat/recommended-typescript'], 'eslint-plugin-jsdoc flat/recommended-typescript')];
    case 'c': {
      const pipeguard = await loadPipeguard(pluginEntry);
      return [...baseConfig(), ...asConfigArray(pipeguard.configs?.['recommended'], 'pipeguard configs.recommended')];
    }
    case 'd':
      return typedBase(corpusRoot);
    case 'e': {
      const pipeguard = await loadPipeguard(pluginEntry);
      return [
        ...typedBase(corpusRoot),
        ...asConfigArray(pipeguard.configs?.['recommended-type-checked'], 'pipeguard configs["recommended-type-checked"]'),
      ];
    }
  }
}

/** Rule ids a configuration adds on top of its base: what its doc plugin costs. */
export async function addedRules(id: ConfigId, corpusRoot: string): Promise<string[]> {
  const base = id === 'e' || id === 'd' ? typedBase(corpusRoot) : baseConfig();
  const baseRules = new Set(base.flatMap((c) => Object.keys(c.rules ?? {})));
  // Later config objects override earlier ones, as in ESLint: the last severity of a rule wins.
  const severity = new Map<string, unknown>();
  for (const c of await buildConfig(id, corpusRoot)) {
    for (const [rule, entry] of Object.entries(c.rules ?? {})) severity.set(rule, Array.isArray(entry) ? entry[0] : entry);
  }
  return [...severity.entries()]
    .filter(([rule, level]) => !baseRules.has(rule) && level !== 'off' && level !== 0)
    .map(([rule]) => rule)
    .sort();
}
