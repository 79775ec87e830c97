import { TaskCancelledError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { PRICE_TABLE_VERSION, costUsd, priceFor } from '../src/enrich/prices';
import { categorizeByRules } from '../src/enrich/categorize';
import { parseAnswer } from '../src/enrich/prompt';
import { RulesProvider } from '../src/enrich/rules-provider';
import { classifyFailure, retryAfterMs } from '../src/enrich/resilience';
import { TokenWindow } from '../src/enrich/token-window';
import { otelAttributes, rateLimitHeaders, redact } from '../src/enrich/usage';

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it.each([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after-ms': '100', 'retry-after': '9' }, 100],
    [{ 'retry-after': 'Thu, 01 Jan 2026 12:00:03 GMT' }, 3000],
    [{ 'retry-after': 'Thu, 01 Jan 2026 11:00:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after': '' }, undefined],
    [{}, undefined],
  ])('%j → %s', (headers, ms) => {
    expect(retryAfterMs(new Headers(headers), now)).toBe(ms);
  });
});

describe('classifyFailure', () => {
  const apiError = (status: number, headers: Record<string, string> = {}) => Object.assign(new Error('x'), { status, headers: new Headers(headers) });
  it.each([
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [404, false],
  ])('HTTP %s retryable: %s', (status, retryable) => {
    expect(classifyFailure(apiError(status)).retryable).toBe(retryable);
  });
  it('reads retry-after from the error headers', () => {
    expect(classifyFailure(apiError(429, { 'retry-after': '3' }))).toMatchObject({ httpStatus: 429, retryAfterMs: 3000, errorType: '429' });
  });
  it('cockatiel timeouts and SDK connection errors are retryable', () => {
    expect(classifyFailure(new TaskCancelledError('t'))).toMatchObject({ retryable: true, status: 'timeout' });
    class APIConnectionError extends Error {}
    expect(classifyFailure(new APIConnectionError('down'))).toMatchObject({ retryable: true, errorType: 'network' });
  });
  it('anything else is not retried', () => {
    expect(classifyFailure(new TypeError('bug'))).toMatchObject({ retryable: false, errorType: 'TypeError' });
    expect(classifyFailure('a string')).toMatchObject({ retryable: false });
  });
});

describe('TokenWindow', () => {
  it('waits until the window has room, and settling to real usage frees room early', async () => {
    const window = new TokenWindow(100, 5000);
    const first = await window.acquire(60);
    const started = Date.now();
    const second = window.acquire(60);
    await new Promise((r) => setTimeout(r, 50));
    first.settle(10); // the real request used 10 tokens
    await second;
    expect(Date.now() - started).toBeLessThan(2500); // not the 5 s window
    expect(window.used()).toBe(70);
  });
  it('a request bigger than the whole budget goes alone instead of waiting forever', async () => {
    const window = new TokenWindow(10, 200);
    await window.acquire(50);
    const started = Date.now();
    await window.acquire(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });
  it('rejects a zero budget', () => expect(() => new TokenWindow(0, 1000)).toThrow(RangeError));
});

describe('prices', () => {
  it('exact names and dated snapshots', () => {
    expect(priceFor('gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6, cachedInput: 0.075 });
    expect(priceFor('gpt-4o-mini-2024-07-18')).toEqual(priceFor('gpt-4o-mini'));
    expect(priceFor('claude-3-5-haiku-20241022')?.input).toBe(0.8);
    expect(priceFor('llama3.1:8b')).toBeUndefined();
  });
  it('cached input tokens are billed at the cached rate, the rest at the input rate', () => {
    expect(costUsd('gpt-4o-mini', 1_000_000, 0, 0)).toBeCloseTo(0.15, 10);
    expect(costUsd('gpt-4o-mini', 1_000_000, 1_000_000, 1_000_000)).toBeCloseTo(0.075 + 0.6, 10);
    expect(costUsd('unknown-model', 10, 10, 0)).toBeUndefined();
    expect(PRICE_TABLE_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('usage helpers', () => {
  it('redact removes the key, key-shaped strings and bearer tokens', () => {
    const text = 'bad key sk-live-abcdefgh123 / Bearer abc.def.ghi-123 / mykey-XYZ-0001 / sk-ant-api03-zzzzzzzzzz';
    const out = redact(text, ['mykey-XYZ-0001']);
    expect(out).not.toMatch(/abcdefgh123|abc\.def|XYZ-0001|zzzzzzzzzz/);
    expect(out).toContain('[redacted]');
  });
  it('keeps only rate-limit headers, lower-cased and sorted', () => {
    const h = new Headers({ 'X-RateLimit-Remaining-Requests': '5', 'content-type': 'json', 'retry-after': '1', 'anthropic-ratelimit-tokens-limit': '9', authorization: 'Bearer x' });
    expect(rateLimitHeaders(h)).toEqual({ 'anthropic-ratelimit-tokens-limit': '9', 'retry-after': '1', 'x-ratelimit-remaining-requests': '5' });
  });
  it('OpenTelemetry GenAI attribute names', () => {
    const attrs = otelAttributes({
      provider: 'openai', model: 'gpt-4o-mini', operation: 'chat', requestKey: 'k', attempt: 2, status: 'error', httpStatus: 429, errorType: '429',
      latencyMs: 5, inputTokens: 0, outputTokens: 0, cachedTokens: 0, rateLimitHeaders: {}, startedAt: '',
    });
    expect(attrs).toEqual({
      'gen_ai.provider.name': 'openai', 'gen_ai.system': 'openai', 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 0, 'gen_ai.usage.output_tokens': 0, 'http.response.status_code': 429, 'error.type': '429',
    });
  });
});

describe('parseAnswer', () => {
  const items = [{ id: 'a', product: 'Desk lamp' }, { id: 'b', product: 'Kite' }, { id: '__proto__', product: 'USB cable' }];
  it('takes valid categories, falls back per item for missing or unknown ones', () => {
    const out = parseAnswer('Sure! {"a": "Books", "b": "weapons"}', items, 'openai:m');
    expect(out.get('a')).toEqual({ category: 'books', source: 'openai:m' });
    expect(out.get('b')).toEqual({ category: 'toys', source: 'rules-fallback' });
    expect(out.get('__proto__')).toEqual({ category: 'electronics', source: 'rules-fallback' });
  });
  it('non-JSON answers fall back for every item', () => {
    expect([...parseAnswer('no idea', items, 'x').values()].every((r) => r.source === 'rules-fallback')).toBe(true);
  });
});

describe('RulesProvider', () => {
  it('answers like categorizeByRules for every item, also for repeated products, __proto__ ids and odd names', async () => {
    const provider = new RulesProvider();
    const products = ['USB-C cable', 'Kite', 'Gift card', 'USB-C cable', 'toString', '__proto__', '', 'PAPERBACK novel'];
    const items = products.map((product, i) => ({ id: i === 1 ? '__proto__' : `o${String(i)}`, product }));
    for (let round = 0; round < 2; round += 1) {
      const out = await provider.categorize(items);
      expect(out.size).toBe(items.length);
      for (const item of items) expect(out.get(item.id)).toEqual({ category: categorizeByRules(item.product), source: 'rules' });
    }
  });
});
