/**
 * The one rule factory every pipeguard rule is built with.
 *
 * @rationale Build rules with typescript-eslint's RuleCreator and a typed docs extension
 *   why: RuleCreator fills `docs.url`, types `context.options` from `defaultOptions` and lets the presets be
 *     generated from `docs.recommended` instead of a hand-kept list that drifts.
 *   alternatives: plain ESLint rule objects (untyped options, hand-written urls); a custom factory (reinvents RuleCreator)
 *   tradeoffs: ties the plugin to @typescript-eslint/utils, which the rules need for AST types anyway
 */
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

export const createRule = ESLintUtils.RuleCreator<PipeguardDocs>(docsUrl);
