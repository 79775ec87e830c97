/**
 * The plugin object: rules plus flat-config presets generated from rule metadata.
 *
 * @rationale Generate the presets from each rule's `meta.docs` instead of listing rules by hand
 *   why: a hand-kept preset drifts from the rules (a new rule silently missing from `recommended`); reading
 *     `docs.recommended` and `docs.requiresTypeChecking` keeps presets, docs table and rules in one place.
 *   alternatives: hand-written preset objects (drift); eslint-doc-generator as the source of truth (it reads, not writes)
 *   tradeoffs: per-preset rule options (`useTypes` in `recommended-type-checked`) live in one small table here
 *
 * Usage: `import pipeguard from '@pipeguard/eslint-plugin'` then `pipeguard.configs.recommended` in
 * `eslint.config.js`; rules are named `@pipeguard/<rule>`. CommonJS: `require('@pipeguard/eslint-plugin')`.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { name, version } from '../package.json';
import { rules } from './rules';

type Severity = 'error';
type RuleEntry = Severity | [Severity, ...unknown[]];
type RuleName = keyof typeof rules;

/** The plugin's rule-id prefix (`@pipeguard/require-lineage`), as ESLint derives it from the package name. */
const PREFIX = '@pipeguard';

/** Options a preset passes to a rule instead of its defaults. */
const PRESET_OPTIONS: Partial<Record<'recommended-type-checked', Partial<Record<string, unknown[]>>>> = {
  'recommended-type-checked': { 'require-rate-limit': [{ useTypes: true }] },
};

function presetRules(preset: 'recommended' | 'strict' | 'recommended-type-checked'): Record<string, RuleEntry> {
  const result: Record<string, RuleEntry> = {};
  for (const [ruleName, rule] of Object.entries(rules) as [RuleName, (typeof rules)[RuleName]][]) {
    const docs = rule.meta.docs as { recommended?: 'recommended' | 'strict'; requiresTypeChecking?: boolean } | undefined;
    const level = docs?.recommended;
    if (!level) continue;
    const typed = docs.requiresTypeChecking === true;
    const enabled =
      preset === 'recommended'
        ? level === 'recommended' && !typed
        : preset === 'strict'
          ? !typed
          : level === 'recommended';
    if (!enabled) continue;
    const options = PRESET_OPTIONS[preset as 'recommended-type-checked']?.[ruleName];
    result[`${PREFIX}/${ruleName}`] = options ? ['error', ...options] : 'error';
  }
  return result;
}

interface PipeguardPlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: {
    recommended: TSESLint.FlatConfig.Config;
    strict: TSESLint.FlatConfig.Config;
    'recommended-type-checked': TSESLint.FlatConfig.Config;
  };
}

const plugin: PipeguardPlugin = {
  meta: { name, version },
  rules,
  configs: {} as PipeguardPlugin['configs'],
};

const preset = (presetName: keyof PipeguardPlugin['configs']): TSESLint.FlatConfig.Config => ({
  name: `${PREFIX}/${presetName}`,
  plugins: { [PREFIX]: plugin },
  rules: presetRules(presetName),
});

plugin.configs.recommended = preset('recommended');
plugin.configs.strict = preset('strict');
plugin.configs['recommended-type-checked'] = preset('recommended-type-checked');

export default plugin;
