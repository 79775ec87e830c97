import { axiosBlock, customBlock, fetchBlock, gotBlock, insertAbove, kyBlock, sdkBlock } from '../expect';
import { createRuleTester } from '../rule-tester';
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../src/rules/require-rate-limit';
import type { MessageIds, Options } from '../../src/rules/require-rate-limit';

const ruleTester = createRuleTester();

const RATE_LIMIT_DOC = `/**
 * @rateLimit openai.chat.completions
 *   limit: 500 req/min
 *   retry: retries=2 on=408,409,429,5xx,network
 *   timeout: attempt=10m
 *   sdkRetries: 2
 */`;

type Case = InvalidTestCase<MessageIds, Options>;

/** An invalid case whose every report carries one suggestion inserting `block` above `insertLine` (default: the report's line). */
function withSuggestions(
  name: string,
  code: string,
  reports: { line: number; insertLine?: number; block: string[]; data?: Record<string, string> }[],
  extra: Partial<Case> = {},
): Case {
  return {
    name,
    code,
    ...extra,
    errors: reports.map(({ line, insertLine, block, data }) => ({
      messageId: 'missingRateLimit' as const,
      line,
      ...(data ? { data } : {}),
      suggestions: [{ messageId: 'addRateLimit' as const, output: insertAbove(code, insertLine ?? line, block) }],
    })),
  };
}

ruleTester.run('require-rate-limit', rule, {
  valid: [
    {
      name: 'openai call inside a function that carries @rateLimit',
      code: `import OpenAI from 'openai';
const client = new OpenAI();
${RATE_LIMIT_DOC}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
}`,
    },
    {
      name: 'the block on the export statement of an arrow function counts',
      code: `import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic();
${RATE_LIMIT_DOC}
export const summarise = async (text: string) => anthropic.messages.create({ model: 'm', max_tokens: 10, messages: [] });`,
    },
    {
      name: 'a module-level @rateLimit covers every call in the file',
      code: `${RATE_LIMIT_DOC}

import axios from 'axios';
export async function a() { return axios.get('https://api.example.com/a'); }
export async function b() { return axios.post('https://api.example.com/b', {}); }`,
    },
    {
      name: 'a class-level @rateLimit covers its methods (this.client field)',
      code: `import OpenAI from 'openai';
${RATE_LIMIT_DOC}
export class Enricher {
  private client = new OpenAI();
  async run(text: string) { return this.client.chat.completions.create({ model: 'x', messages: [] }); }
}`,
    },
    {
      name: 'relative and same-origin fetch URLs are not external',
      code: `export async function load(id: string) {
  await fetch('/api/chat');
  await fetch('./data.json');
  await fetch(\`/api/items/\${id}\`);
  await fetch('api/relative');
  await fetch('data:text/plain,hello');
  const path = '/api/x';
  await fetch(path);
  await fetch(location.origin + '/api/items');
  await fetch(\`\${window.location.origin}/api/items\`);
  await fetch(new URL('./data.json', import.meta.url));
  await fetch(new URL('/api/x', location.href));
}`,
    },
    {
      name: 'a local fetch function shadowing the global is not external',
      code: `function fetch(url: string) { return url; }
export function go() { return fetch('https://example.com'); }`,
    },
    {
      name: 'calls that make no request: axios.create, isAxiosError, new OpenAI, withOptions',
      code: `import axios from 'axios';
import OpenAI from 'openai';
export function setup(e: unknown) {
  const http = axios.create({ baseURL: 'https://api.example.com' });
  const client = new OpenAI();
  const fast = client.withOptions({ timeout: 1000 });
  return [http, fast, axios.isAxiosError(e)];
}`,
    },
    {
      name: 'unrelated .create() calls on local objects',
      code: `const store = { chat: { completions: { create: (x: number) => x } } };
export function f() { return store.chat.completions.create(1); }`,
    },
    {
      name: 'a callback handed to a local function that carries @rateLimit is covered by it',
      code: `import OpenAI from 'openai';
const client = new OpenAI();
${RATE_LIMIT_DOC}
function withLimits<T>(task: () => Promise<T>): Promise<T> { return task(); }
export function enrich() {
  return withLimits(() => client.chat.completions.create({ model: 'x', messages: [] }));
}`,
    },
    {
      name: 'a callback handed to a @rateLimit method via this is covered',
      code: `import axios from 'axios';
export class Client {
  ${RATE_LIMIT_DOC.replace(/\n/g, '\n  ')}
  private limited<T>(task: () => Promise<T>) { return task(); }
  get(id: string) { return this.limited(() => axios.get('https://api.example.com/' + id)); }
}`,
    },
    {
      name: 'parameters are not followed without useTypes',
      code: `export function f(client: { chat: { completions: { create(): void } } }) { client.chat.completions.create(); }`,
    },
    {
      name: 'overload signatures carry the block for the implementation',
      code: `import ky from 'ky';
${RATE_LIMIT_DOC}
export function load(id: string): Promise<unknown>;
export function load(id: number): Promise<unknown>;
export function load(id: string | number) { return ky.get('https://api.example.com/' + String(id)).json(); }`,
    },
    {
      name: 'decorated class with the block above the decorator',
      code: `import OpenAI from 'openai';
declare function Injectable(): ClassDecorator;
${RATE_LIMIT_DOC}
@Injectable()
export class Llm {
  constructor(private readonly client = new OpenAI()) {}
  ask() { return this.client.responses.create({ model: 'x', input: 'y' }); }
}`,
    },
    {
      name: 'export default function with the block',
      code: `import got from 'got';
${RATE_LIMIT_DOC}
export default async function () { return got('https://example.com'); }`,
    },
    {
      name: 'seed-style Customer Data Aggregation module doc is not a @rateLimit (no API call here)',
      code: `/**
 * Customer Data Aggregation Pipeline
 *
 * WHY THIS ARCHITECTURE:
 * - Chose Apache Spark for distributed processing because daily volume exceeds 10TB
 */
export function aggregate(rows: number[]) { return rows.length; }`,
    },
    {
      name: 'a type-only import is never called',
      code: `import type OpenAI from 'openai';
export function f(x: OpenAI | undefined) { return x; }`,
    },
  ],
  invalid: [
    {
      name: 'openai client in a module constant, chained call',
      code: `import OpenAI from 'openai';
const client = new OpenAI();
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });
}`,
      errors: [
        {
          messageId: 'missingRateLimit',
          line: 4,
          column: 10,
          data: { callee: 'client.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'the doc comment of function `enrich`' },
          suggestions: [
            {
              messageId: 'addRateLimit',
              data: { api: 'openai.chat.completions', where: 'the doc comment of function `enrich`' },
              output: `import OpenAI from 'openai';
const client = new OpenAI();
/**
 * @rateLimit openai.chat.completions
 *   limit: TODO req/min from your plan or the provider dashboard
 *   retry: retries=2 on=408,409,429,5xx,network
 *   timeout: attempt=10m
 *   sdkRetries: 2
 */
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'anthropic client with options: template uses maxRetries and timeout from the code',
      code: `import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic({ maxRetries: 0, timeout: 60 * 1000 });
export const summarise = async () => anthropic.messages.create({ model: 'm', max_tokens: 1, messages: [] });`,
      errors: [
        {
          messageId: 'missingRateLimit',
          line: 3,
          suggestions: [
            {
              messageId: 'addRateLimit',
              output: `import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic({ maxRetries: 0, timeout: 60 * 1000 });
/**
 * @rateLimit anthropic.messages
 *   limit: TODO req/min from your plan or the provider dashboard
 *   retry: retries=0
 *   timeout: attempt=1m
 *   sdkRetries: 0
 */
export const summarise = async () => anthropic.messages.create({ model: 'm', max_tokens: 1, messages: [] });`,
            },
          ],
        },
      ],
    },
    {
      name: 'class field client (this.client.chat.completions.create), block merged into the existing method doc',
      code: `import { OpenAI } from 'openai';
export class Enricher {
  private readonly client = new OpenAI();
  /** Enriches one row. */
  async run() {
    return this.client.chat.completions.create({ model: 'x', messages: [] });
  }
}`,
      errors: [
        {
          messageId: 'missingRateLimit',
          line: 6,
          data: { callee: 'this.client.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'the doc comment of method `Enricher.run`' },
          suggestions: [
            {
              messageId: 'addRateLimit',
              output: `import { OpenAI } from 'openai';
export class Enricher {
  private readonly client = new OpenAI();
  /**
   * Enriches one row.
   *
   * @rateLimit openai.chat.completions
   *   limit: TODO req/min from your plan or the provider dashboard
   *   retry: retries=2 on=408,409,429,5xx,network
   *   timeout: attempt=10m
   *   sdkRetries: 2
   */
  async run() {
    return this.client.chat.completions.create({ model: 'x', messages: [] });
  }
}`,
            },
          ],
        },
      ],
    },
    withSuggestions(
      'client assigned in the constructor and a typed parameter property',
      `import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
export class Both {
  private a: Anthropic;
  constructor(private readonly o: OpenAI) { this.a = new Anthropic(); }
  one() { return this.a.messages.create({ model: 'm', max_tokens: 1, messages: [] }); }
  two() { return this.o.embeddings.create({ model: 'e', input: 'x' }); }
}`,
      [
        { line: 6, block: sdkBlock('anthropic.messages'), data: { callee: 'this.a.messages.create', api: 'anthropic.messages', module: "'@anthropic-ai/sdk'", where: 'the doc comment of method `Both.one`' } },
        { line: 7, block: sdkBlock('openai.embeddings'), data: { callee: 'this.o.embeddings.create', api: 'openai.embeddings', module: "'openai'", where: 'the doc comment of method `Both.two`' } },
      ],
    ),
    withSuggestions(
      'a nullable client annotation is recognised without types',
      `import OpenAI from 'openai';
export class Llm {
  private client: OpenAI | undefined;
  ask() { return this.client?.chat.completions.create({ model: 'x', messages: [] }); }
}`,
      [{ line: 4, block: sdkBlock('openai.chat.completions'), data: { callee: 'this.client.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'the doc comment of method `Llm.ask`' } }],
    ),
    withSuggestions(
      'named default-equivalent imports and import = require',
      `import { got } from 'got';
import OpenAI = require('openai');
const client = new OpenAI();
export const a = () => got.get('https://example.com');
export const b = () => client.models.list();`,
      [
        { line: 4, block: gotBlock() },
        { line: 5, block: sdkBlock('openai.models') },
      ],
    ),
    withSuggestions(
      'next-line directives stay directly above the code they govern',
      `// prettier-ignore
// @ts-expect-error legacy signature
export const ping = () => fetch('https://example.com/ping');`,
      [{ line: 3, insertLine: 1, block: fetchBlock() }],
    ),
    withSuggestions(
      'axios default, axios() call and instances from axios.create (timeout read from the instance options)',
      `import axios from 'axios';
const http = axios.create({ baseURL: 'https://api.example.com', timeout: 5000 });
export async function a() { return axios.get('https://x.example.com'); }
export async function b() { return axios({ url: 'https://x.example.com' }); }
export async function c() { return http.post('/orders', {}); }
export async function d() { return http('/orders'); }`,
      [
        { line: 3, block: axiosBlock() },
        { line: 4, block: axiosBlock() },
        { line: 5, block: axiosBlock('5s') },
        { line: 6, block: axiosBlock('5s') },
      ],
    ),
    withSuggestions(
      'got, ky and their instances',
      `import got from 'got';
import ky from 'ky';
const api = ky.create({ prefixUrl: 'https://api.example.com', timeout: 30000 });
const client = got.extend({ prefixUrl: 'https://api.example.com' });
export const a = () => got('https://example.com');
export const b = () => got.post('https://example.com');
export const c = () => ky.get('https://example.com');
export const d = () => api.get('orders');
export const e = () => client.get('orders');`,
      [
        { line: 5, block: gotBlock() },
        { line: 6, block: gotBlock() },
        { line: 7, block: kyBlock() },
        { line: 8, block: kyBlock('30s') },
        { line: 9, block: gotBlock() },
      ],
    ),
    withSuggestions(
      'undici request/fetch, Pool instances, node-fetch and cross-fetch',
      `import { request, fetch as ufetch, Pool } from 'undici';
import nodeFetch from 'node-fetch';
import crossFetch from 'cross-fetch';
const pool = new Pool('https://api.example.com');
export const a = () => request('https://example.com');
export const b = () => ufetch('https://example.com');
export const c = () => pool.request({ path: '/', method: 'GET' });
export const d = () => nodeFetch('https://example.com');
export const e = (url: string) => crossFetch(url);`,
      [
        { line: 5, block: fetchBlock('undici'), data: { callee: 'request', api: 'undici', module: "'undici'", where: 'the doc comment of function `a`' } },
        { line: 6, block: fetchBlock() },
        { line: 7, block: fetchBlock('undici') },
        { line: 8, block: fetchBlock(), data: { callee: 'nodeFetch', api: 'fetch', module: "'node-fetch'", where: 'the doc comment of function `d`' } },
        { line: 9, block: fetchBlock() },
      ],
    ),
    withSuggestions(
      'undici namespace import and CommonJS require',
      `import * as undici from 'undici';
const axios = require('axios');
const { request } = require('undici');
export const a = () => undici.request('https://example.com');
export const b = () => axios.get('https://example.com');
export const c = () => request('https://example.com');`,
      [
        { line: 4, block: fetchBlock('undici') },
        { line: 5, block: axiosBlock() },
        { line: 6, block: fetchBlock('undici') },
      ],
    ),
    withSuggestions(
      'global fetch to an absolute or unknown URL, also via globalThis',
      `export async function load(url: string, base: string) {
  await fetch('https://api.example.com/items');
  await fetch(url);
  await fetch(\`\${base}/items\`);
  await globalThis.fetch('//cdn.example.com/x.json');
  await fetch(new URL('/x', base));
  await fetch(new URL('https://api.example.com/x'));
  await fetch(new URL('https://api.example.com/x', location.origin));
}`,
      [2, 3, 4, 5, 6, 7, 8].map((line) => ({ line, insertLine: 1, block: fetchBlock() })),
    ),
    {
      name: 'fetch in a module-level variable: the variable carries the block',
      code: `const res = await fetch('https://api.example.com/health');
export default res;`,
      errors: [
        {
          messageId: 'missingRateLimit',
          data: { callee: 'fetch', api: 'fetch', module: 'the global `fetch`', where: 'the doc comment of `res`' },
          suggestions: [
            {
              messageId: 'addRateLimit',
              output: `/**
 * @rateLimit fetch
 *   limit: TODO req/min from your plan or the provider dashboard
 *   retry: retries=0
 *   timeout: TODO fetch has no timeout by default, pass \`signal: AbortSignal.timeout(…)\` and write it here
 */
const res = await fetch('https://api.example.com/health');
export default res;`,
            },
          ],
        },
      ],
    },
    {
      name: 'fetch in a top-level statement: the suggestion creates the module doc',
      code: `await fetch('https://api.example.com/health');
export {};`,
      errors: [
        {
          messageId: 'missingRateLimit',
          data: { callee: 'fetch', api: 'fetch', module: 'the global `fetch`', where: 'the module doc comment at the top of the file' },
          suggestions: [
            {
              messageId: 'addRateLimit',
              output: `/**
 * @rateLimit fetch
 *   limit: TODO req/min from your plan or the provider dashboard
 *   retry: retries=0
 *   timeout: TODO fetch has no timeout by default, pass \`signal: AbortSignal.timeout(…)\` and write it here
 */

await fetch('https://api.example.com/health');
export {};`,
            },
          ],
        },
      ],
    },
    withSuggestions(
      'a @rateLimit on another function does not cover this one (first statement is not module doc)',
      `${RATE_LIMIT_DOC}
export function first() { return 1; }
export function second() { return fetch('https://example.com'); }`,
      [{ line: 9, block: fetchBlock(), data: { callee: 'fetch', api: 'fetch', module: 'the global `fetch`', where: 'the doc comment of function `second`' } }],
    ),
    withSuggestions(
      'anonymous callbacks roll up to the enclosing declaration',
      `import OpenAI from 'openai';
const client = new OpenAI();
export async function enrichAll(rows: string[]) {
  return Promise.all(rows.map((row) => client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: row }] })));
}`,
      [{ line: 4, insertLine: 3, block: sdkBlock('openai.chat.completions'), data: { callee: 'client.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'the doc comment of function `enrichAll`' } }],
    ),
    withSuggestions(
      'destructured SDK namespace member and chained instance call',
      `import OpenAI from 'openai';
const { chat } = new OpenAI();
export const a = () => chat.completions.create({ model: 'x', messages: [] });
export const b = () => new OpenAI().models.list();`,
      [
        { line: 3, block: sdkBlock('openai.chat.completions') },
        { line: 4, block: sdkBlock('openai.models'), data: { callee: 'new OpenAI(…).models.list', api: 'openai.models', module: "'openai'", where: 'the doc comment of function `b`' } },
      ],
    ),
    withSuggestions(
      'option apis: a module by name, a package export, a lib global and a local function',
      `import { Octokit } from '@octokit/rest';
import Stripe from 'stripe';
const octokit = new Octokit();
const stripe = new Stripe('key');
function callPartner(x: string) { return x; }
export const a = () => octokit.repos.get({ owner: 'o', repo: 'r' });
export const b = () => stripe.charges.create({ amount: 1 });
export const c = () => new WebSocket('wss://x').send('x');
export const d = () => callPartner('x');
export const e = () => sendBeacon('https://x');`,
      [
        { line: 6, block: customBlock('@octokit/rest'), data: { callee: 'octokit.repos.get', api: '@octokit/rest', module: "'@octokit/rest'", where: 'the doc comment of function `a`' } },
        { line: 7, block: customBlock('Stripe.charges'), data: { callee: 'stripe.charges.create', api: 'Stripe.charges', module: "'stripe'", where: 'the doc comment of function `b`' } },
        { line: 9, block: customBlock('callPartner') },
        { line: 10, block: customBlock('sendBeacon') },
      ],
      {
        options: [
          {
            apis: [
              '@octokit/rest',
              { from: 'package', package: 'stripe', name: 'Stripe' },
              { from: 'lib', name: 'sendBeacon' },
              { from: 'file', name: 'callPartner' },
            ],
          },
        ],
      },
    ),
    withSuggestions(
      'settings.pipeguard.apis is merged with the option',
      `import { Octokit } from '@octokit/rest';
const octokit = new Octokit();
export const a = () => octokit.repos.get({ owner: 'o', repo: 'r' });`,
      [{ line: 3, block: customBlock('@octokit/rest') }],
      { settings: { pipeguard: { apis: ['@octokit/rest'] } } },
    ),
    {
      name: 'CRLF line endings and tabs: the suggestion keeps both',
      code: 'import OpenAI from "openai";\r\nconst c = new OpenAI();\r\nclass A {\r\n\tasync run() {\r\n\t\treturn c.chat.completions.create({ model: "x", messages: [] });\r\n\t}\r\n}\r\nexport { A };\r\n',
      errors: [
        {
          messageId: 'missingRateLimit',
          line: 5,
          suggestions: [
            {
              messageId: 'addRateLimit',
              output:
                'import OpenAI from "openai";\r\nconst c = new OpenAI();\r\nclass A {\r\n\t/**\r\n\t * @rateLimit openai.chat.completions\r\n\t *   limit: TODO req/min from your plan or the provider dashboard\r\n\t *   retry: retries=2 on=408,409,429,5xx,network\r\n\t *   timeout: attempt=10m\r\n\t *   sdkRetries: 2\r\n\t */\r\n\tasync run() {\r\n\t\treturn c.chat.completions.create({ model: "x", messages: [] });\r\n\t}\r\n}\r\nexport { A };\r\n',
            },
          ],
        },
      ],
    },
    withSuggestions(
      'a comment on the wrong node (the previous statement) does not count',
      `import OpenAI from 'openai';
${RATE_LIMIT_DOC}
const client = new OpenAI();
export function run() { return client.chat.completions.create({ model: 'x', messages: [] }); }`,
      [{ line: 10, block: sdkBlock('openai.chat.completions') }],
    ),
    {
      name: 'an empty doc comment does not count and the block is merged into it',
      code: `/** */
export function run() { return fetch('https://example.com'); }`,
      errors: [
        {
          messageId: 'missingRateLimit',
          suggestions: [
            {
              messageId: 'addRateLimit',
              output: `/**
 * @rateLimit fetch
 *   limit: TODO req/min from your plan or the provider dashboard
 *   retry: retries=0
 *   timeout: TODO fetch has no timeout by default, pass \`signal: AbortSignal.timeout(…)\` and write it here
 */
export function run() { return fetch('https://example.com'); }`,
            },
          ],
        },
      ],
    },
    withSuggestions(
      'TSX file with unicode text',
      `import OpenAI from 'openai';
const client = new OpenAI();
export function Página() {
  void client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'héllo 👋' }] });
  return <div>données 🚀</div>;
}`,
      [{ line: 4, insertLine: 3, block: sdkBlock('openai.chat.completions'), data: { callee: 'client.chat.completions.create', api: 'openai.chat.completions', module: "'openai'", where: 'the doc comment of function `Página`' } }],
      { languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } }, filename: 'page.tsx' },
    ),
  ],
});
