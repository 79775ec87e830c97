import path from 'node:path';
import { createRuleTester } from '../rule-tester';
import rule from '../../src/rules/rate-limit-matches-code';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'rate-limit');

const ruleTester = createRuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['loose.ts'], defaultProject: 'tsconfig.json' },
      tsconfigRootDir: fixtures,
    },
  },
});

/** A doc comment holding one @rateLimit block with the given field lines. */
const block = (api: string, ...fields: string[]): string => ['/**', ` * @rateLimit ${api}`, ...fields.map((f) => ` *   ${f}`), ' */'].join('\n');

const SDK_DEFAULTS = block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=2 on=408,409,429,5xx,network', 'timeout: attempt=10m', 'sdkRetries: 2');

/** One module doc comment holding several @rateLimit blocks: [api, ...fields][]. */
const blocks = (...specs: string[][]): string =>
  ['/**', ...specs.flatMap(([api, ...fields]) => [` * @rateLimit ${api ?? ''}`, ...fields.map((f) => ` *   ${f}`)]), ' */'].join('\n');

/** The demo app's two providers (apps/demo-pipeline/src/enrich/api-providers.ts), cut down. */
const DEMO_PROVIDERS = `import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
export interface Caller { options: { attemptTimeoutMs: number } }
export class OpenAIProvider {
  private readonly client: OpenAI;
  constructor(private readonly caller: Caller, apiKey: string) {
    this.client = new OpenAI({ apiKey, maxRetries: 0, timeout: caller.options.attemptTimeoutMs });
  }
  async attempt(text: string, signal: AbortSignal) {
    const { data } = await this.client.chat.completions
      .create({ model: 'm', messages: [text] }, { signal, maxRetries: 0, timeout: this.caller.options.attemptTimeoutMs })
      .withResponse();
    return data;
  }
}
export class AnthropicProvider {
  private readonly client: Anthropic;
  constructor(private readonly caller: Caller, apiKey: string) {
    this.client = new Anthropic({ apiKey, maxRetries: 0, timeout: caller.options.attemptTimeoutMs });
  }
  async attempt(text: string, signal: AbortSignal) {
    const { data } = await this.client.messages
      .create({ model: 'm', messages: [text] }, { signal, maxRetries: 0, timeout: this.caller.options.attemptTimeoutMs })
      .withResponse();
    return data.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  }
}`;

ruleTester.run('rate-limit-matches-code', rule, {
  valid: [
    {
      name: 'the SDK defaults documented as they are (2 retries, 10-minute timeout)',
      code: `import OpenAI from 'openai';
const client = new OpenAI();
${SDK_DEFAULTS}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] });
}`,
    },
    {
      name: 'p-retry around a client with maxRetries: 0, every setting documented',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';
const client = new OpenAI({ maxRetries: 0, timeout: 60 * 1000 });
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=3 on=429,5xx', 'backoff: exponential initial=500ms factor=2 max=8s', 'timeout: attempt=60s', 'sdkRetries: 0')}
export async function enrich(text: string) {
  return pRetry(() => client.chat.completions.create({ model: 'm', messages: [text] }), { retries: 3, minTimeout: 500, maxTimeout: 8000 });
}`,
    },
    {
      name: 'options and policies imported from another module are followed with the type checker',
      code: `import OpenAI from 'openai';
import { CLIENT_OPTIONS, RETRY_POLICY } from './options';
const client = new OpenAI(CLIENT_OPTIONS);
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=4 on=429', 'backoff: exponential initial=500ms factor=2 max=8s', 'timeout: attempt=30s', 'sdkRetries: 0')}
export async function enrich(text: string) {
  return RETRY_POLICY.execute(() => client.chat.completions.create({ model: 'm', messages: [text] }));
}`,
    },
    {
      name: 'p-queue concurrency and intervalCap/interval match concurrency: and limit:',
      code: `import PQueue from 'p-queue';
const queue = new PQueue({ concurrency: 4, intervalCap: 50, interval: 60_000 });
${block('partner.api', 'limit: 50 req/min', 'concurrency: 4', 'retry: retries=0', 'timeout: attempt=10s')}
export async function callPartner(url: string) {
  return queue.add(() => fetch(url, { signal: AbortSignal.timeout(10_000) }));
}`,
    },
    {
      name: 'per-request options override the client options',
      code: `import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic({ maxRetries: 5 });
${block('anthropic.messages', 'limit: 50 req/min', 'retry: retries=1 on=429', 'timeout: attempt=20s')}
export async function summarise(text: string) {
  return anthropic.messages.create({ text }, { maxRetries: 1, timeout: 20_000 });
}`,
    },
    {
      name: 'an AbortSignal.timeout on the SDK request counts as the attempt timeout',
      code: `import OpenAI from 'openai';
const client = new OpenAI();
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=2 on=429', 'timeout: attempt=15s', 'sdkRetries: 2')}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] }, { signal: AbortSignal.timeout(15_000) });
}`,
    },
    {
      name: 'a client kept in a class field, block on the class',
      code: `import Anthropic from '@anthropic-ai/sdk';
${block('anthropic.messages', 'limit: 50 req/min', 'retry: retries=0', 'timeout: attempt=45s', 'sdkRetries: 0')}
export class Summariser {
  private client = new Anthropic({ maxRetries: 0, timeout: 45_000 });
  run(text: string) {
    return this.client.messages.create({ text });
  }
}`,
    },
    {
      name: 'values only known at run time (parameters, merged options) are never compared',
      code: `import OpenAI from 'openai';
import { handleAll, retry } from 'cockatiel';
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=3 on=429', 'timeout: attempt=30s', 'sdkRetries: 0')}
export class Enricher {
  private readonly client: OpenAI;
  private readonly policy;
  constructor(options: { timeoutMs: number; retries: number }) {
    const o = { ...options };
    this.client = new OpenAI({ maxRetries: 0, timeout: options.timeoutMs });
    this.policy = retry(handleAll, { maxAttempts: o.retries });
  }
  async run(text: string) {
    const { data } = await this.client.chat.completions.create({ model: 'm', messages: [text] }, { maxRetries: 0, timeout: this.timeout() }).withResponse();
    return this.policy.execute(async () => [data].map((x) => x));
  }
  private timeout() { return 1; }
}`,
    },
    {
      name: 'a client received as a parameter: its options are unknown, nothing is compared',
      code: `import type OpenAI from 'openai';
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=3 on=429', 'timeout: attempt=30s', 'sdkRetries: 0')}
export async function enrich(client: OpenAI, text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] });
}`,
    },
    {
      name: 'the DESIGN.md @rateLimit example over the code it describes (p-queue, p-retry, SDK retries off)',
      code: `import Anthropic from '@anthropic-ai/sdk';
import PQueue from 'p-queue';
import pRetry from 'p-retry';
const anthropic = new Anthropic({ maxRetries: 0, timeout: 60_000 });
const queue = new PQueue({ concurrency: 4 });
/**
 * @rateLimit anthropic.messages
 *   limit: 50 req/min, 40000 inputTokens/min
 *   concurrency: 4
 *   retry: retries=3 on=408,409,429,5xx,network
 *   backoff: exponential initial=500ms factor=2 max=8s jitter=full
 *   retryAfter: honor max=60s
 *   timeout: attempt=60s total=5m
 *   idempotent: no reason="upserted on order_id, so a retry cannot duplicate"
 *   sdkRetries: 0
 *   onExhausted: deadLetter table=main.enrichment_failures
 */
export async function enrich(text: string) {
  return queue.add(() => pRetry(() => anthropic.messages.create({ text }), { retries: 3, minTimeout: 500, factor: 2, maxTimeout: 8000 }));
}`,
    },
    {
      name: 'a file outside the fixture project goes through allowDefaultProject',
      filename: 'loose.ts',
      code: `/// <reference path="./modules.d.ts" />
import OpenAI from 'openai';
const client = new OpenAI({ maxRetries: 1 });
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=1 on=429', 'timeout: attempt=10m', 'sdkRetries: 1')}
export const enrich = (text: string) => client.chat.completions.create({ model: 'm', messages: [text] });`,
    },
    {
      name: 'no @rateLimit block: nothing to compare (require-rate-limit asks for one)',
      code: `import OpenAI from 'openai';
const client = new OpenAI({ maxRetries: 7 });
export const enrich = (t: string) => client.chat.completions.create({ model: 'm', messages: [t] });`,
    },
    {
      name: 'checkSdkTimeout: false skips the SDK timeout comparison',
      code: `import OpenAI from 'openai';
const client = new OpenAI();
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=2 on=429', 'timeout: total=1m', 'sdkRetries: 2')}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] });
}`,
      options: [{ checkSdkTimeout: false }],
    },
    {
      name: 'demo FP 1: maxRetries: 0 in the SDK constructor and per request is not the SDK default (both providers)',
      code: `${blocks(
        ['openai.chat.completions', 'limit: 60 req/min', 'retry: retries=3 on=429', 'timeout: attempt=30s', 'sdkRetries: 0'],
        ['anthropic.messages', 'limit: 60 req/min', 'retry: retries=3 on=429', 'timeout: attempt=30s', 'sdkRetries: 0'],
      )}
${DEMO_PROVIDERS}`,
    },
    {
      name: 'demo FP 2: data.content.map(…) on an SDK response is an array method, not an SDK request',
      code: `${block('anthropic.messages', 'limit: 60 req/min', 'retry: retries=0', 'timeout: attempt=10m', 'sdkRetries: 0')}
import Anthropic from '@anthropic-ai/sdk';
const client = new Anthropic({ maxRetries: 0 });
export async function classify(text: string) {
  const data = await client.messages.create({ model: 'm', messages: [text] });
  const { data: again } = await client.messages.create({ model: 'm', messages: [text] }, { maxRetries: 0 }).withResponse();
  return [...data.content.map((b) => b.text), ...again.content.filter((b) => b.type === 'text').map((b) => b.text)];
}`,
    },
    {
      name: 'demo FP 3: two blocks in one module: each SDK call is compared only with the block named for its API',
      code: `${blocks(
        ['openai.chat.completions', 'limit: 500 req/min', 'retry: retries=0', 'timeout: attempt=10m', 'sdkRetries: 0'],
        ['anthropic.messages', 'limit: 50 req/min', 'retry: retries=2', 'timeout: attempt=10m', 'sdkRetries: 2'],
      )}
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
const openai = new OpenAI({ maxRetries: 0 });
const anthropic = new Anthropic();
export async function both(text: string) {
  await openai.chat.completions.create({ model: 'm', messages: [text] });
  return anthropic.messages.create({ model: 'm' });
}`,
    },
    {
      name: 'several blocks on one owner: a shared p-queue that agrees with one of them is not reported',
      code: `${blocks(['openai.chat.completions', 'limit: 500 req/min', 'concurrency: 4', 'retry: retries=0'], ['anthropic.messages', 'limit: 50 req/min', 'concurrency: 2', 'retry: retries=0'])}
import PQueue from 'p-queue';
const queue = new PQueue({ concurrency: 4 });
export async function run(task: () => Promise<string>) {
  return queue.add(task);
}`,
    },
    {
      name: 'demo FP 5: cockatiel maxAttempts from a merged options object (known only at run time) is never compared',
      code: `${block('enrichment.api', 'limit: 60 req/min', 'retry: retries=3 on=429', 'timeout: attempt=30s', 'sdkRetries: 0')}
import { handleAll, retry } from 'cockatiel';
export interface Options { retries: number }
export const DEFAULTS: Options = { retries: 3 };
export class Caller {
  private readonly policy;
  constructor(options: Partial<Options>) {
    const o = { ...DEFAULTS, ...options };
    this.policy = retry(handleAll, { maxAttempts: o.retries });
  }
  run<T>(fn: () => Promise<T>) {
    return this.policy.execute(fn);
  }
}`,
    },
  ],
  invalid: [
    {
      name: 'sdkRetries: 0 documented but the client keeps the SDK default of 2',
      code: `import OpenAI from 'openai';
const client = new OpenAI();
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=3 on=429', 'timeout: attempt=10m', 'sdkRetries: 0')}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] });
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 11,
          data: { api: 'openai.chat.completions', key: 'sdkRetries', documented: '0', where: '`client.chat.completions.create`', actual: '2 SDK retries (the SDK default)', suggested: '2', line: '4' },
          suggestions: [
            {
              messageId: 'updateField',
              output: `import OpenAI from 'openai';
const client = new OpenAI();
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=3 on=429', 'timeout: attempt=10m', 'sdkRetries: 2')}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'retry multiplication: pRetry around a client that keeps the SDK default retries',
      code: `import OpenAI from 'openai';
import pRetry from 'p-retry';
const client = new OpenAI();
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=3 on=429', 'backoff: exponential initial=1s factor=2', 'timeout: attempt=10m')}
export async function enrich(text: string) {
  return pRetry(() => client.chat.completions.create({ model: 'm', messages: [text] }), { retries: 3 });
}`,
      errors: [
        {
          messageId: 'retryMultiplication',
          line: 12,
          column: 23,
          data: { outer: '`pRetry`', outerRetries: '3', callee: 'client.chat.completions.create', sdkRetries: '2', attempts: '12', api: 'openai.chat.completions' },
        },
      ],
    },
    {
      name: 'without an outer retry, retry: describes the SDK: an explicit maxRetries that differs is reported on the option',
      code: `import OpenAI from 'openai';
const client = new OpenAI({ maxRetries: 5 });
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=2 on=429', 'timeout: attempt=10m')}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] });
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 2,
          column: 29,
          data: { api: 'openai.chat.completions', line: '4', key: 'retry', documented: 'retries=2 on=429', where: '`client.chat.completions.create`', actual: '5 retries', suggested: 'retries=5 on=429' },
          suggestions: [
            {
              messageId: 'updateField',
              output: `import OpenAI from 'openai';
const client = new OpenAI({ maxRetries: 5 });
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=5 on=429', 'timeout: attempt=10m')}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'the SDK default 10-minute timeout differs from timeout: attempt=30s',
      code: `import OpenAI from 'openai';
const client = new OpenAI();
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=2 on=429', 'timeout: attempt=30s total=2m', 'sdkRetries: 2')}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] });
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 11,
          data: { api: 'openai.chat.completions', line: '4', key: 'timeout', documented: 'attempt=30s total=2m', where: '`client.chat.completions.create`', actual: 'a 10m per-attempt timeout (the SDK default)', suggested: 'attempt=10m total=2m' },
          suggestions: [
            {
              messageId: 'updateField',
              output: `import OpenAI from 'openai';
const client = new OpenAI();
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=2 on=429', 'timeout: attempt=10m total=2m', 'sdkRetries: 2')}
export async function enrich(text: string) {
  return client.chat.completions.create({ model: 'm', messages: [text] });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'cockatiel retry and backoff differ from the block',
      code: `import { ConstantBackoff, handleAll, retry } from 'cockatiel';
const policy = retry(handleAll, { maxAttempts: 5, backoff: new ConstantBackoff(250) });
${block('partner.api', 'limit: 10 req/s', 'retry: retries=3 on=5xx', 'backoff: exponential initial=250ms', 'timeout: attempt=5s')}
export async function callPartner(url: string) {
  return policy.execute(() => fetch(url, { signal: AbortSignal.timeout(5000) }));
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 2,
          column: 16,
          data: { api: 'partner.api', line: '4', key: 'backoff', documented: 'exponential initial=250ms', where: "cockatiel's `retry`", actual: 'constant backoff', suggested: 'constant initial=250ms' },
          suggestions: [
            {
              messageId: 'updateField',
              output: `import { ConstantBackoff, handleAll, retry } from 'cockatiel';
const policy = retry(handleAll, { maxAttempts: 5, backoff: new ConstantBackoff(250) });
${block('partner.api', 'limit: 10 req/s', 'retry: retries=3 on=5xx', 'backoff: constant initial=250ms', 'timeout: attempt=5s')}
export async function callPartner(url: string) {
  return policy.execute(() => fetch(url, { signal: AbortSignal.timeout(5000) }));
}`,
            },
          ],
        },
        {
          messageId: 'mismatch',
          line: 2,
          column: 35,
          data: { api: 'partner.api', line: '4', key: 'retry', documented: 'retries=3 on=5xx', where: "cockatiel's `retry`", actual: '5 retries', suggested: 'retries=5 on=5xx' },
          suggestions: [
            {
              messageId: 'updateField',
              output: `import { ConstantBackoff, handleAll, retry } from 'cockatiel';
const policy = retry(handleAll, { maxAttempts: 5, backoff: new ConstantBackoff(250) });
${block('partner.api', 'limit: 10 req/s', 'retry: retries=5 on=5xx', 'backoff: exponential initial=250ms', 'timeout: attempt=5s')}
export async function callPartner(url: string) {
  return policy.execute(() => fetch(url, { signal: AbortSignal.timeout(5000) }));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'p-queue: concurrency from an imported constant differs; interval limit differs',
      code: `import PQueue from 'p-queue';
import { QUEUE_CONCURRENCY } from './options';
const queue = new PQueue({ concurrency: QUEUE_CONCURRENCY, intervalCap: 10, interval: 1000 });
${block('partner.api', 'limit: 50 req/min', 'concurrency: 2', 'retry: retries=0', 'timeout: attempt=10s')}
export async function callPartner(url: string) {
  return queue.add(() => fetch(url, { signal: AbortSignal.timeout(10_000) }));
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 3,
          column: 28,
          data: { api: 'partner.api', line: '5', key: 'concurrency', documented: '2', where: '`PQueue`', actual: 'concurrency 4', suggested: '4' },
          suggestions: [
            {
              messageId: 'updateField',
              output: `import PQueue from 'p-queue';
import { QUEUE_CONCURRENCY } from './options';
const queue = new PQueue({ concurrency: QUEUE_CONCURRENCY, intervalCap: 10, interval: 1000 });
${block('partner.api', 'limit: 50 req/min', 'concurrency: 4', 'retry: retries=0', 'timeout: attempt=10s')}
export async function callPartner(url: string) {
  return queue.add(() => fetch(url, { signal: AbortSignal.timeout(10_000) }));
}`,
            },
          ],
        },
        { messageId: 'mismatch', line: 3, column: 60, data: { api: 'partner.api', line: '5', key: 'limit', documented: '50 req/min', where: '`PQueue`', actual: 'at most 10 req/s', suggested: '10 req/s' } },
      ],
    },
    {
      name: 'settings the block does not mention: concurrency and timeout get add-line suggestions',
      code: `import PQueue from 'p-queue';
const queue = new PQueue({ concurrency: 3 });
${block('partner.api', 'limit: 50 req/min', 'retry: retries=0')}
export async function callPartner(url: string) {
  return queue.add(() => fetch(url, { signal: AbortSignal.timeout(2500) }));
}`,
      errors: [
        {
          messageId: 'undocumented',
          line: 2,
          data: { api: 'partner.api', key: 'concurrency', where: '`PQueue`', actual: 'concurrency 3', suggested: '3', line: '4' },
          suggestions: [
            {
              messageId: 'addField',
              output: `import PQueue from 'p-queue';
const queue = new PQueue({ concurrency: 3 });
${block('partner.api', 'limit: 50 req/min', 'retry: retries=0', 'concurrency: 3')}
export async function callPartner(url: string) {
  return queue.add(() => fetch(url, { signal: AbortSignal.timeout(2500) }));
}`,
            },
          ],
        },
        {
          messageId: 'undocumented',
          line: 9,
          data: { api: 'partner.api', line: '4', key: 'timeout', where: '`AbortSignal.timeout`', actual: 'a 2500ms timeout', suggested: 'attempt=2500ms' },
          suggestions: [
            {
              messageId: 'addField',
              output: `import PQueue from 'p-queue';
const queue = new PQueue({ concurrency: 3 });
${block('partner.api', 'limit: 50 req/min', 'retry: retries=0', 'timeout: attempt=2500ms')}
export async function callPartner(url: string) {
  return queue.add(() => fetch(url, { signal: AbortSignal.timeout(2500) }));
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a class-field client whose options differ is reported on the option inside the class',
      code: `import Anthropic from '@anthropic-ai/sdk';
${block('anthropic.messages', 'limit: 50 req/min', 'retry: retries=0', 'timeout: attempt=45s', 'sdkRetries: 0')}
export class Summariser {
  private client = new Anthropic({ maxRetries: 3, timeout: 45_000 });
  run(text: string) {
    return this.client.messages.create({ text });
  }
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 10,
          column: 36,
          data: { api: 'anthropic.messages', line: '3', key: 'sdkRetries', documented: '0', where: '`this.client.messages.create`', actual: '3 SDK retries', suggested: '3' },
          suggestions: 1 as never,
        },
      ],
    },
    {
      name: 'p-retry backoff that differs from backoff: (factor and initial delay)',
      code: `import pRetry from 'p-retry';
${block('partner.api', 'limit: 10 req/s', 'retry: retries=5 on=5xx', 'backoff: exponential initial=1s factor=2 max=30s', 'timeout: attempt=5s')}
export async function callPartner(url: string) {
  return pRetry(() => fetch(url, { signal: AbortSignal.timeout(5000) }), { retries: 5, factor: 3, minTimeout: 200, maxTimeout: 30_000 });
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 10,
          data: { api: 'partner.api', line: '3', key: 'backoff', documented: 'exponential initial=1s factor=2 max=30s', where: '`pRetry`', actual: 'an initial delay of 200ms, factor 3', suggested: 'exponential initial=200ms factor=3 max=30s' },
          suggestions: [
            {
              messageId: 'updateField',
              output: `import pRetry from 'p-retry';
${block('partner.api', 'limit: 10 req/s', 'retry: retries=5 on=5xx', 'backoff: exponential initial=200ms factor=3 max=30s', 'timeout: attempt=5s')}
export async function callPartner(url: string) {
  return pRetry(() => fetch(url, { signal: AbortSignal.timeout(5000) }), { retries: 5, factor: 3, minTimeout: 200, maxTimeout: 30_000 });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'a PQueue interval limit the block does not state',
      code: `import PQueue from 'p-queue';
const queue = new PQueue({ concurrency: 2, intervalCap: 100, interval: 60_000 });
${block('partner.api', 'limit: 1000 tokens/min', 'concurrency: 2', 'retry: retries=0', 'timeout: attempt=10s')}
export const callPartner = (url: string) => queue.add(() => fetch(url, { signal: AbortSignal.timeout(10_000) }));`,
      errors: [
        { messageId: 'mismatch', line: 2, data: { api: 'partner.api', line: '4', key: 'limit', documented: '1000 tokens/min', where: '`PQueue`', actual: 'at most 100 req/min', suggested: '1000 tokens/min, 100 req/min' } },
      ],
    },
    {
      name: 'a client assigned once in the constructor is found; .withResponse() is not a second request',
      code: `import OpenAI from 'openai';
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=2 on=429', 'timeout: attempt=10m', 'sdkRetries: 0')}
export class Enricher {
  private readonly client: OpenAI;
  constructor() {
    this.client = new OpenAI({ timeout: 600_000 });
  }
  async run(text: string) {
    return this.client.chat.completions.create({ model: 'm', messages: [text] }).withResponse();
  }
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 15,
          data: { api: 'openai.chat.completions', line: '3', key: 'sdkRetries', documented: '0', where: '`this.client.chat.completions.create`', actual: '2 SDK retries (the SDK default)', suggested: '2' },
          suggestions: 1 as never,
        },
      ],
    },
    {
      name: 'allowDefaultProject file with a mismatch',
      filename: 'loose.ts',
      code: `/// <reference path="./modules.d.ts" />
import OpenAI from 'openai';
const client = new OpenAI({ maxRetries: 4 });
${block('openai.chat.completions', 'limit: 500 req/min', 'retry: retries=1 on=429', 'timeout: attempt=10m', 'sdkRetries: 1')}
export const enrich = (text: string) => client.chat.completions.create({ model: 'm', messages: [text] });`,
      errors: [{ messageId: 'mismatch', line: 3, column: 29, data: { api: 'openai.chat.completions', line: '5', key: 'sdkRetries', documented: '1', where: '`client.chat.completions.create`', actual: '4 SDK retries', suggested: '4' }, suggestions: 1 as never }],
    },
    {
      name: 'cockatiel timeout() that matches neither attempt nor total',
      code: `import { TimeoutStrategy, timeout, wrap, retry, handleAll } from 'cockatiel';
const policy = wrap(retry(handleAll, { maxAttempts: 2 }), timeout(3000, TimeoutStrategy.Aggressive));
${block('partner.api', 'limit: 5 req/s', 'retry: retries=2', 'timeout: attempt=5s total=20s')}
export async function callPartner(url: string) {
  return policy.execute(({ signal }) => fetch(url, { signal }));
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 2,
          column: 59,
          data: { api: 'partner.api', line: '4', key: 'timeout', documented: 'attempt=5s total=20s', where: "cockatiel's `timeout`", actual: 'a 3s timeout', suggested: 'attempt=3s total=20s' },
          suggestions: 1 as never,
        },
      ],
    },
    {
      name: 'two blocks in one module: the Anthropic call is reported against `@rateLimit anthropic.messages`, not the OpenAI block',
      code: `${blocks(
        ['openai.chat.completions', 'limit: 500 req/min', 'retry: retries=0', 'timeout: attempt=10m', 'sdkRetries: 2'],
        ['anthropic.messages', 'limit: 50 req/min', 'retry: retries=0', 'timeout: attempt=10m', 'sdkRetries: 0'],
      )}
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
const openai = new OpenAI();
const anthropic = new Anthropic();
export async function both(text: string) {
  await openai.chat.completions.create({ model: 'm', messages: [text] });
  return anthropic.messages.create({ model: 'm' });
}`,
      errors: [
        {
          messageId: 'mismatch',
          line: 19,
          data: { api: 'anthropic.messages', line: '7', key: 'sdkRetries', documented: '0', where: '`anthropic.messages.create`', actual: '2 SDK retries (the SDK default)', suggested: '2' },
          suggestions: 1 as never,
        },
      ],
    },
    {
      name: 'demo FP 4: several blocks on one owner report a shared p-queue once, not once per block',
      code: `${blocks(['openai.chat.completions', 'limit: 500 req/min', 'concurrency: 2', 'retry: retries=0'], ['anthropic.messages', 'limit: 50 req/min', 'concurrency: 2', 'retry: retries=0'])}
import PQueue from 'p-queue';
const queue = new PQueue({ concurrency: 4 });
export async function run(task: () => Promise<string>) {
  return queue.add(task);
}`,
      errors: [{ messageId: 'mismatch', line: 12, data: { api: 'openai.chat.completions', line: '2', key: 'concurrency', documented: '2', where: '`PQueue`', actual: 'concurrency 4', suggested: '4' }, suggestions: 1 as never }],
    },
    {
      name: 'demo FP 4: a module block and a function block report the retry inside the function once, against the nearer block',
      code: `${block('partner.api', 'limit: 5 req/s', 'retry: retries=3', 'backoff: exponential initial=1s factor=2', 'timeout: attempt=5s')}
import pRetry from 'p-retry';
${block('partner.orders', 'limit: 5 req/s', 'retry: retries=3', 'backoff: exponential initial=1s factor=2', 'timeout: attempt=5s')}
export async function callPartner(url: string) {
  return pRetry(() => fetch(url), { retries: 5 });
}`,
      errors: [{ messageId: 'mismatch', line: 17, data: { api: 'partner.orders', line: '10', key: 'retry', documented: 'retries=3', where: '`pRetry`', actual: '5 retries', suggested: 'retries=5' }, suggestions: 1 as never }],
    },
  ],
});
