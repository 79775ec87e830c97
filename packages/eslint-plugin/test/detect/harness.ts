import { Linter } from 'eslint';
import type { Rule } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';

/** Runs `collect` inside a real ESLint rule over `code` (TypeScript parser) and returns what it gathered. */
export function withRule<T>(code: string, collect: (context: Rule.RuleContext, node: Rule.Node) => T[], nodeTypes: string[]): T[] {
  const found: T[] = [];
  const rule: Rule.RuleModule = {
    meta: { type: 'problem', schema: [] },
    create(context) {
      const handler = (node: Rule.Node): void => {
        found.push(...collect(context, node));
      };
      return Object.fromEntries(nodeTypes.map((t) => [t, handler]));
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, sourceType: 'module' },
      plugins: { h: { rules: { r: rule } } },
      rules: { 'h/r': 'error' },
    },
  ], 'file.ts');
  const fatal = messages.find((m) => m.fatal === true);
  if (fatal) throw new Error(`parse error: ${fatal.message} at ${fatal.line}:${fatal.column}`);
  return found;
}
