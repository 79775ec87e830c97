import * as parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it, vi } from 'vitest';
import type * as DocBlocks from '@pipeguard/doc-blocks';

// Count parseDocComment calls while keeping the real implementation.
const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@pipeguard/doc-blocks', async (importOriginal) => {
  const real = await importOriginal<typeof DocBlocks>();
  return {
    ...real,
    parseDocComment: (text: string) => {
      calls.count += 1;
      return real.parseDocComment(text);
    },
  };
});

const { default: requireLineage } = await import('../../src/rules/require-lineage');
const { default: requireRateLimit } = await import('../../src/rules/require-rate-limit');
const { default: requireRationale } = await import('../../src/rules/require-rationale');
const { default: validDocBlocks } = await import('../../src/rules/valid-doc-blocks');

describe('one doc index per file, shared by every rule', () => {
  it('parses each doc comment exactly once although four rules read them', () => {
    const code = `/**
 * @rationale Orders pipeline kept in one module for one transaction
 *   why: the load must commit all tables or none.
 */

import OpenAI from 'openai';
const client = new OpenAI();

/**
 * @lineage enrich
 *   in: file data/orders.csv
 * @rateLimit openai.chat.completions
 *   limit: 10 req/min
 *   retry: retries=0
 *   timeout: attempt=30s
 */
export async function enrich() { return client.chat.completions.create({ model: 'x', messages: [] }); }

/** A helper. */
export function helper() { return 1; }`;
    const linter = new Linter({ configType: 'flat' });
    calls.count = 0;
    const messages = linter.verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser },
          plugins: { p: { rules: { a: requireLineage, b: requireRateLimit, c: requireRationale, d: validDocBlocks } as never } },
          rules: { 'p/a': 'error', 'p/b': 'error', 'p/c': 'error', 'p/d': 'error' },
        },
      ],
      'src/pipeline/orders.ts',
    );
    // helper is an exported pipeline step without @lineage: the rules really ran
    expect(messages.map((m) => `${m.ruleId ?? ''}:${m.line}`)).toEqual(['p/a:20']);
    expect(calls.count).toBe(3);
  });
});
