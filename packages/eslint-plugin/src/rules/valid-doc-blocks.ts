import { validateDoc } from '@pipeguard/doc-blocks';
import type { Diagnostic, ValidateOptions } from '@pipeguard/doc-blocks';
import type { TSESLint } from '@typescript-eslint/utils';
import { getDocIndex } from '../comments/doc-index';
import type { DocComment } from '../comments/doc-index';
import { getSettings } from '../settings';
import { createRule } from '../util/createRule';

export type Options = [{ minWords?: number; rateLimitRequired?: string[] }];
export type MessageIds = 'invalidBlock' | 'renameKey';

/** The source range of a diagnostic's key (`whyy` in `whyy: …`), when the text there is that key. */
function keyRange(doc: DocComment, diagnostic: Diagnostic, text: string): [number, number] | undefined {
  if (diagnostic.key === undefined) return undefined;
  const start = doc.comment.range[0] + diagnostic.loc.start.offset;
  const end = start + diagnostic.key.length;
  if (end > doc.comment.range[1] || text.slice(start, end) !== diagnostic.key) return undefined;
  return [start, end];
}

export default createRule<Options, MessageIds>({
  name: 'valid-doc-blocks',
  meta: {
    type: 'problem',
    docs: {
      description: 'Check every pipeguard doc block against the grammar: required fields, unknown keys, placeholders and malformed values',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      invalidBlock: '{{message}} [{{code}}]',
      renameKey: 'Rename `{{key}}:` to `{{suggestion}}:`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          minWords: {
            type: 'integer',
            minimum: 1,
            description: 'A `@rationale` head with at least this many words needs no `why:` (default 8).',
          },
          rateLimitRequired: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Fields every `@rateLimit` must have (default limit, retry, timeout).',
          },
        },
      },
    ],
    defaultOptions: [{}],
  },
  create(context, [options]) {
    const settings = getSettings(context);
    const validateOptions: ValidateOptions = { namespaceAliases: { ...settings.namespaceAliases } };
    if (options.minWords !== undefined) validateOptions.minWords = options.minWords;
    if (options.rateLimitRequired !== undefined) validateOptions.rateLimitRequired = options.rateLimitRequired;
    const { sourceCode } = context;
    return {
      Program() {
        const index = getDocIndex(context);
        for (const doc of index.allDocs()) {
          // comments without a pipeguard block or a structural problem have nothing to check
          if (doc.doc.blocks.length === 0 && doc.doc.problems.length === 0) continue;
          let diagnostics: Diagnostic[];
          try {
            diagnostics = validateDoc(doc.doc, validateOptions);
          } catch {
            continue; // validateDoc is specified never to throw; never crash ESLint on odd input either
          }
          const seen = new Set<string>();
          for (const diagnostic of diagnostics) {
            const key = `${diagnostic.code}:${diagnostic.loc.start.offset}:${diagnostic.message}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
            const range = diagnostic.code === 'unknown-key' && diagnostic.suggestion !== undefined ? keyRange(doc, diagnostic, sourceCode.text) : undefined;
            if (range && diagnostic.suggestion !== undefined) {
              const replacement = diagnostic.suggestion;
              suggest.push({
                messageId: 'renameKey',
                data: { key: diagnostic.key ?? '', suggestion: replacement },
                fix: (fixer) => fixer.replaceTextRange(range, replacement),
              });
            }
            context.report({
              loc: index.reportLoc(doc, diagnostic.loc),
              messageId: 'invalidBlock',
              data: { message: diagnostic.message, code: diagnostic.code },
              suggest,
            });
          }
        }
      },
    };
  },
});
