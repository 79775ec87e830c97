import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../src/rules/require-rate-limit';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures');

const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      // file.ts and the SDK stand-ins in modules.d.ts are in test/fixtures/tsconfig.json's project;
      // loose.ts is not, and goes through allowDefaultProject (it references the stand-ins itself).
      projectService: { allowDefaultProject: ['loose.ts'], defaultProject: 'tsconfig.json' },
      tsconfigRootDir: fixtures,
    },
  },
});

ruleTester.run('require-rate-limit (useTypes)', rule, {
  valid: [
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
    {
      name: 'typed: a file outside the fixture project (allowDefaultProject)',
      filename: 'loose.ts',
      code: `/// <reference path="./modules.d.ts" />
import type OpenAI from 'openai';
export const ask = (client: OpenAI) => client.embeddings.create({ input: 'x' });`,
      options: [{ useTypes: true }],
      errors: [{ messageId: 'missingRateLimit', line: 3, data: { callee: 'client.embeddings.create', api: 'openai.embeddings', module: "'openai'", where: 'function `ask`' }, suggestions: 1 }],
    },
    {
      name: 'typed: a client reached through a dependency bag parameter',
      code: `import type OpenAI from 'openai';
interface Deps { llm: OpenAI }
export function f(deps: Deps) { return deps.llm.chat.completions.create({ model: 'x', messages: [] }); }`,
      options: [{ useTypes: true }],
      errors: [{ messageId: 'missingRateLimit', line: 3, data: { callee: 'deps.llm.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'function `f`' }, suggestions: 1 }],
    },
    {
      name: 'typed: an axios instance passed in and an inferred type',
      code: `import type { AxiosInstance } from 'axios';
export function load(http: AxiosInstance) { return http.get('https://api.example.com'); }
export function make(factory: () => AxiosInstance) { const h = factory(); return h.post('https://api.example.com'); }`,
      options: [{ useTypes: true }],
      errors: [
        { messageId: 'missingRateLimit', line: 2, suggestions: 1 },
        { messageId: 'missingRateLimit', line: 3, suggestions: 1 },
      ],
    },
    {
      name: 'typed: apis package specifier matched through the checker',
      code: `import type { Octokit } from '@octokit/rest';
export function repo(gh: Octokit) { return gh.repos.get({ owner: 'o', repo: 'r' }); }`,
      options: [{ useTypes: true, apis: [{ from: 'package', package: '@octokit/rest', name: 'Octokit' }] }],
      errors: [{ messageId: 'missingRateLimit', line: 2, suggestions: 1 }],
    },
  ],
});
