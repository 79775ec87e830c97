import * as parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import requireLineage from '../../src/rules/require-lineage';
import requireRateLimit from '../../src/rules/require-rate-limit';
import requireRationale from '../../src/rules/require-rationale';
import validDocBlocks from '../../src/rules/valid-doc-blocks';

const RULES = {
  'require-lineage': requireLineage,
  'require-rate-limit': requireRateLimit,
  'require-rationale': requireRationale,
  'valid-doc-blocks': validDocBlocks,
};

/** All four core rules over one file, the way ESLint runs them (one shared doc index per file). */
function lint(code: string, filename = 'src/pipeline/big.ts', settings: Record<string, unknown> = {}): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: { parser, parserOptions: { ecmaFeatures: { jsx: filename.endsWith('.tsx') } } },
        plugins: { pipeguard: { rules: RULES as never } },
        rules: Object.fromEntries(Object.keys(RULES).map((name) => [`pipeguard/${name}`, 'error'])),
        settings,
      },
    ],
    filename,
  );
}

describe('core rules on odd input', () => {
  it.each([
    ['an empty file', ''],
    ['only whitespace and CRLF', '\r\n\r\n  \r\n'],
    ['only an empty doc comment', '/***/'],
    ['an unclosed-looking tag in a comment', '/** @rateLimit */\nexport {};'],
    ['a doc comment with */ lookalikes and unicode', '/** a * / b 🚀 \u2028 @lineage x\n *   in: file ./a.csv */\nexport {};'],
    ['a shebang script', '#!/usr/bin/env node\nawait fetch("https://example.com");'],
    ['a declaration file', 'declare module "x" { export function f(): void; }\nexport declare const y: number;'],
    ['deeply nested callbacks', `export const f = () => ${'(() => '.repeat(200)}fetch("https://x")${')()'.repeat(200)};`],
  ])('never crashes: %s', (_name, code) => {
    const messages = lint(code);
    expect(messages.filter((m) => m.fatal || /crash|TypeError|Cannot read/i.test(m.message))).toEqual([]);
  });

  it('a bad settings.pipeguard is a clear configuration error naming the key', () => {
    expect(() => lint('export {};', 'src/a.ts', { pipeguard: { apis: [{ from: 'npm', name: 'x' }] } })).toThrow(
      "settings.pipeguard.apis[0].from: expected 'package', 'file' or 'lib'",
    );
  });

  // No wall-clock assertion (speed is measured in bench/); the per-test timeout catches a blow-up.
  it('a 5,000-line pipeline module: every rule runs, reports land on the right lines', () => {
    const parts: string[] = [
      '/**',
      ' * @rationale Big generated module to check the rules scale linearly',
      ' *   why: a quadratic comment lookup would make this file take minutes.',
      ' */',
      '',
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
    ];
    const undocumented: number[] = [];
    let n = 0;
    while (parts.length < 5000 - 12) {
      if (n % 2 === 0) {
        parts.push('/**', ` * @lineage step_${n}`, ` *   in: file data/${n}.csv`, ' */', `export function step${n}(x: number) { return x + ${n}; }`);
      } else {
        parts.push(`export async function call${n}() {`);
        undocumented.push(parts.length + 1);
        parts.push('  return client.chat.completions.create({ model: "x", messages: [] });', '}');
      }
      n += 1;
    }
    while (parts.length < 5000) parts.push('// padding');
    const code = parts.join('\n');
    expect(code.split('\n')).toHaveLength(5000);
    const messages = lint(code);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    const rateLimit = messages.filter((m) => m.ruleId === 'pipeguard/require-rate-limit');
    expect(rateLimit.map((m) => m.line)).toEqual(undocumented);
    // the undocumented call functions are exported pipeline steps too
    expect(messages.filter((m) => m.ruleId === 'pipeguard/require-lineage')).toHaveLength(undocumented.length);
    expect(messages.filter((m) => m.ruleId === 'pipeguard/require-rationale' || m.ruleId === 'pipeguard/valid-doc-blocks')).toEqual([]);
  }, 60_000);
});
