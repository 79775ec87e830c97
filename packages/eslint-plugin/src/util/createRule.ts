/**
 * The one rule factory every pipeguard rule is built with.
 *
 * @rationale Build rules with typescript-eslint's RuleCreator and a typed docs extension
 *   why: RuleCreator fills `docs.url`, types `context.options` from `defaultOptions` and lets the presets be
 *     generated from `docs.recommended` instead of a hand-kept list that drifts.
 *   alternatives: plain ESLint rule objects (untyped options, hand-written urls); a custom factory (reinvents RuleCreator)
 *   tradeoffs: ties the plugin to @typescript-eslint/utils, which the rules need for AST types anyway; the
 *     wrapper below keeps RuleCreator but merges default options once per options value, not per file
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields of pipeguard rules; the presets in `src/index.ts` are generated from them. */
export interface PipeguardDocs {
  /** the smallest preset that enables the rule: `recommended` (also in `strict`) or `strict` only */
  recommended?: 'recommended' | 'strict';
  /** the rule needs type information (parserOptions.projectService); only in `recommended-type-checked` */
  requiresTypeChecking?: boolean;
}

export const docsUrl = (name: string): string =>
  `https://github.com/pipeguard/pipeguard/blob/main/docs/rules/${name}.md`;

const withDocsUrl = ESLintUtils.RuleCreator<PipeguardDocs>(docsUrl);

/**
 * Deep equality of option values as a config writes them (arrays, plain objects, primitives); any other
 * object (a RegExp, a function) only equals itself. Cheaper than comparing two JSON texts.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const plain = (value: object): boolean => {
    const proto = Object.getPrototypeOf(value) as unknown;
    return proto === Object.prototype || proto === null;
  };
  if (!plain(a) || !plain(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * RuleCreator's rule, except that the options merged with `meta.defaultOptions` are computed once per
 * distinct `context.options` instead of once per file: RuleCreator deep-clones the defaults
 * (`structuredClone`) and merges them for every file and rule, about 5 µs each, 14,000 times on a
 * 2,000-file typed lint. The merged options are frozen, since every file of the run shares them.
 * The previous file's array is tried first, by identity and then by value (a config that sets options
 * gets a fresh, equal array per file from ESLint), then the JSON text of the array.
 */
export const createRule: typeof withDocsUrl = <Options extends readonly unknown[], MessageIds extends string>(
  rule: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, PipeguardDocs>>,
) => {
  const created = withDocsUrl(rule);
  const defaults = (rule.meta.defaultOptions ?? rule.defaultOptions ?? []) as Options;
  const merged = new Map<string, Options>();
  // The previous file's options answer almost every lookup before a JSON key is built: ESLint passes the
  // very same `meta.defaultOptions` array to every file when the config sets no options (sameJson's
  // identity check), and a fresh, equal array per file when it sets some (its value check).
  let lastGiven: object | undefined;
  let lastOptions: Options | undefined;
  return {
    ...created,
    create(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>) {
      const given = context.options;
      if (lastGiven !== undefined && sameJson(given, lastGiven)) {
        lastGiven = given;
        return rule.create(context, lastOptions as Options);
      }
      const key = JSON.stringify(given);
      let options = merged.get(key);
      if (!options) {
        const fresh = ESLintUtils.applyDefault(defaults, given) as Options;
        for (const option of fresh) if (typeof option === 'object' && option !== null) Object.freeze(option);
        options = Object.freeze(fresh);
        merged.set(key, options);
      }
      lastGiven = given;
      lastOptions = options;
      return rule.create(context, options);
    },
  };
};
