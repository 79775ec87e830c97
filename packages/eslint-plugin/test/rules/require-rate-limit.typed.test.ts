import path from 'node:path';
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { createRuleTester } from '../rule-tester';
import rule from '../../src/rules/require-rate-limit';
import type { MessageIds, Options } from '../../src/rules/require-rate-limit';
import { axiosBlock, customBlock, insertAbove, sdkBlock } from '../expect';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures');

const ruleTester = createRuleTester({
  languageOptions: {
    parserOptions: {
      // file.ts and the SDK stand-ins in modules.d.ts are in test/fixtures/tsconfig.json's project;
      // loose.ts is not, and goes through allowDefaultProject (it references the stand-ins itself).
      projectService: { allowDefaultProject: ['loose.ts'], defaultProject: 'tsconfig.json' },
      tsconfigRootDir: fixtures,
    },
  },
});

type Case = InvalidTestCase<MessageIds, Options>;

/** An invalid typed case (`useTypes: true`) whose reports each carry one suggestion inserting `block` above the report's line. */
function typed(name: string, code: string, reports: { line: number; block: string[]; data?: Record<string, string>; at?: number }[], extra: Partial<Case> = {}): Case {
  return {
    name,
    code,
    options: [{ useTypes: true }],
    ...extra,
    errors: reports.map(({ line, block, data, at }) => ({
      messageId: 'missingRateLimit' as const,
      line,
      ...(data ? { data } : {}),
      // `at`: the line of the owner the block goes above, when it is not the report's line
      suggestions: [{ messageId: 'addRateLimit' as const, output: insertAbove(code, at ?? line, block) }],
    })),
  };
}

ruleTester.run('require-rate-limit (useTypes)', rule, {
  valid: [
    {
      name: 'typed: an apis type name does not match other types',
      code: `interface Other { send(body: unknown): void }
export function notify(deps: { other: Other }) { deps.other.send({}); }`,
      options: [{ useTypes: true, apis: ['PartnerClient'] }],
    },
    {
      name: 'typed: a client parameter inside a function with @rateLimit',
      code: `import type OpenAI from 'openai';
/**
 * @rateLimit openai.chat.completions
 *   limit: 500 req/min
 *   retry: retries=2 on=408,409,429,5xx,network
 *   timeout: attempt=10m
 */
export function enrich(client: OpenAI) { return client.chat.completions.create({ model: 'x', messages: [] }); }`,
      options: [{ useTypes: true }],
    },
    {
      name: 'typed: a local object with the same shape is not a client',
      code: `const fake = { chat: { completions: { create: (b: unknown) => b } } };
export function f(client: typeof fake) { return client.chat.completions.create({}); }`,
      options: [{ useTypes: true }],
    },
    {
      name: 'without useTypes, an untyped dependency bag is not followed',
      code: `import type OpenAI from 'openai';
interface Deps { llm: OpenAI }
export function f(deps: Deps) { return deps.llm.chat.completions.create({ model: 'x', messages: [] }); }`,
    },
  ],
  invalid: [
    typed(
      'typed: a file outside the fixture project (allowDefaultProject)',
      `/// <reference path="./modules.d.ts" />
import type OpenAI from 'openai';
export const ask = (client: OpenAI) => client.embeddings.create({ input: 'x' });`,
      [{ line: 3, block: sdkBlock('openai.embeddings'), data: { callee: 'client.embeddings.create', api: 'openai.embeddings', module: "'openai'", where: 'the doc comment of function `ask`' } }],
      { filename: 'loose.ts' },
    ),
    typed(
      'typed: a client reached through a dependency bag parameter',
      `import type OpenAI from 'openai';
interface Deps { llm: OpenAI }
export function f(deps: Deps) { return deps.llm.chat.completions.create({ model: 'x', messages: [] }); }`,
      [{ line: 3, block: sdkBlock('openai.chat.completions'), data: { callee: 'deps.llm.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'the doc comment of function `f`' } }],
    ),
    typed(
      'typed: an optional client (union with undefined) called through ?.',
      `import type OpenAI from 'openai';
interface Deps { llm?: OpenAI }
export function f(deps: Deps) { return deps.llm?.chat.completions.create({ model: 'x', messages: [] }); }`,
      [{ line: 3, block: sdkBlock('openai.chat.completions'), data: { callee: 'deps.llm.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'the doc comment of function `f`' } }],
    ),
    typed(
      'typed: an axios instance passed in and an inferred type',
      `import type { AxiosInstance } from 'axios';
export function load(http: AxiosInstance) { return http.get('https://api.example.com'); }
export function make(factory: () => AxiosInstance) { const h = factory(); return h.post('https://api.example.com'); }`,
      [
        { line: 2, block: axiosBlock() },
        { line: 3, block: axiosBlock() },
      ],
    ),
    typed(
      'apis package specifier on an annotated parameter (found from syntax first)',
      `import type { Octokit } from '@octokit/rest';
export function repo(gh: Octokit) { return gh.repos.get({ owner: 'o', repo: 'r' }); }`,
      [{ line: 2, block: customBlock('Octokit.repos') }],
      { options: [{ useTypes: true, apis: [{ from: 'package', package: '@octokit/rest', name: 'Octokit' }] }] },
    ),
    typed(
      'typed: apis package specifier behind a dependency bag (only the checker can see it)',
      `import type { Octokit } from '@octokit/rest';
export function repo(deps: { gh: Octokit }) { return deps.gh.repos.get({ owner: 'o', repo: 'r' }); }`,
      [{ line: 2, block: customBlock('deps.gh.repos') }],
      { options: [{ useTypes: true, apis: [{ from: 'package', package: '@octokit/rest', name: 'Octokit' }] }] },
    ),
    typed(
      'typed: apis string names a type (typescript-eslint semantics), found on an inner receiver',
      `interface PartnerClient { send(body: unknown): Promise<void> }
export function notify(deps: { partner: PartnerClient }) { return deps.partner.send({}); }`,
      [{ line: 2, block: customBlock('deps.partner') }],
      { options: [{ useTypes: true, apis: ['PartnerClient'] }] },
    ),
    // ---- cheap pre-filters before any type lookup: detections through client-typed parameters survive
    typed(
      'typed filter (method names): built-in method calls are skipped, a client parameter is still found',
      `import type OpenAI from 'openai';
export function f(rows: { amount: string }[], deps: { llm: OpenAI }, row: { amount: string }) {
  const names = rows.map((r) => r.amount.replace(/,/g, '')).filter(Boolean).join(',');
  row.amount.trim();
  return deps.llm.chat.completions.create({ model: names, messages: [] });
}`,
      [{ line: 5, at: 2, block: sdkBlock('openai.chat.completions'), data: { callee: 'deps.llm.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'the doc comment of function `f`' } }],
    ),
    typed(
      'typed filter (method names): with apis configured, a client method named like a built-in is still found',
      `interface PartnerClient { map(body: unknown): Promise<void> }
export function notify(deps: { partner: PartnerClient }) { return deps.partner.map({}); }`,
      [{ line: 2, block: customBlock('deps.partner') }],
      { options: [{ useTypes: true, apis: ['PartnerClient'] }] },
    ),
    typed(
      'typed filter (receivers): literal, array, new Map and primitive-typed receivers are skipped, a client parameter is still found',
      `import type OpenAI from 'openai';
export function f(client: OpenAI, id: string, ids: readonly number[], tags?: string[] | null) {
  const out = [];
  const seen = new Map<string, number>();
  const label = \`x-\${id}\`;
  out.push(id.concat(label), ids.length, tags?.length, seen.size);
  seen.set(id, 1);
  return client.embeddings.create({ input: out });
}`,
      [{ line: 8, at: 2, block: sdkBlock('openai.embeddings'), data: { callee: 'client.embeddings.create', api: 'openai.embeddings', module: "'openai'", where: 'the doc comment of function `f`' } }],
    ),
    typed(
      'typed filter (receivers): an object literal holding a client parameter is still looked up',
      `import type OpenAI from 'openai';
export function f(client: OpenAI) {
  const deps = { llm: client };
  return deps.llm.chat.completions.create({ model: 'x', messages: [] });
}`,
      [{ line: 4, at: 2, block: sdkBlock('openai.chat.completions'), data: { callee: 'deps.llm.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'the doc comment of function `f`' } }],
    ),
    typed(
      'typed cache: two receivers of the same client type in one file are both found',
      `import type OpenAI from 'openai';
interface Deps { llm: OpenAI }
export function a(deps: Deps) { return deps.llm.chat.completions.create({ model: 'x', messages: [] }); }
export function b(other: Deps) { return other.llm.embeddings.create({ input: 'x' }); }`,
      [
        { line: 3, block: sdkBlock('openai.chat.completions') },
        { line: 4, block: sdkBlock('openai.embeddings') },
      ],
    ),
  ],
});
