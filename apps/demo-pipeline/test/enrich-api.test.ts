import { readFileSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicProvider, OpenAIProvider } from '../src/enrich/api-providers';
import { ResilientCaller, type ResilienceOptions } from '../src/enrich/resilience';
import { createDbUsageSink } from '../src/enrich/usage';
import { openDatabase, type SqliteDb } from '../src/load/database';
import { startFakeServer, type FakeServer, type Reply } from './helpers/fake-llm-server';

const KEY = 'sk-test-SECRETKEY-0123456789abcdef';
const ITEMS = [
  { id: 'O-1', product: 'Paperback novel' },
  { id: 'O-2', product: 'Desk lamp' },
];

interface UsageRow {
  started_at: string;
  attempt: number;
  status: string;
  http_status: number | null;
  error_type: string | null;
  error_message: string | null;
  latency_ms: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cost_usd: number | null;
  price_version: string | null;
  retry_after_ms: number | null;
  ratelimit_headers: string;
  attributes: string;
  request_key: string;
  provider: string;
  model: string;
}

const open: { server?: FakeServer; db?: SqliteDb }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.db?.close();
    await o.server?.close();
  }
});

async function setup(kind: 'openai' | 'anthropic', script: (n: number) => Reply, limits: Partial<ResilienceOptions> = {}, itemsPerRequest = 20) {
  const server = await startFakeServer(script);
  const db = await openDatabase(':memory:');
  open.push({ server, db });
  const caller = new ResilientCaller(
    { jitter: 'none', initialBackoffMs: 20, maxBackoffMs: 200, attemptTimeoutMs: 2000, ...limits },
    createDbUsageSink(db, 'run-1', [KEY]),
    [KEY],
  );
  const fallbacks: string[] = [];
  const options = { apiKey: KEY, caller, itemsPerRequest, onFallback: (r: string) => fallbacks.push(r) };
  const provider =
    kind === 'openai'
      ? new OpenAIProvider({ ...options, model: 'gpt-4o-mini', baseURL: `${server.url}/v1` })
      : new AnthropicProvider({ ...options, model: 'claude-3-5-haiku-20241022', baseURL: server.url });
  const usage = () => db.prepare('SELECT * FROM api_usage ORDER BY id').all() as UsageRow[];
  return { server, db, provider, usage, fallbacks };
}

describe.each(['openai', 'anthropic'] as const)('%s provider against a loopback server', (kind) => {
  it('classifies through the real SDK and records one usage row with tokens, cost and OTel names', async () => {
    const { provider, usage, server } = await setup(kind, () => ({ status: 200, headers: { 'x-ratelimit-remaining-requests': '59', 'anthropic-ratelimit-requests-remaining': '49' } }));
    const result = await provider.categorize(ITEMS);
    expect([...result.values()].map((r) => r.category)).toEqual(['books', 'books']);
    expect(result.get('O-1')?.source).toBe(kind === 'openai' ? 'openai:gpt-4o-mini' : 'anthropic:claude-3-5-haiku-20241022');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe(kind === 'openai' ? '/v1/chat/completions' : '/v1/messages');
    const [row] = usage();
    expect(row).toMatchObject({ attempt: 1, status: 'ok', http_status: null, provider: kind, input_tokens: 100, output_tokens: 20, cached_tokens: 10, price_version: '2025-06-01' });
    expect(row?.cost_usd).toBeGreaterThan(0);
    const attributes = JSON.parse(row?.attributes ?? '{}') as Record<string, unknown>;
    expect(attributes).toMatchObject({
      'gen_ai.provider.name': kind,
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.usage.cache_read.input_tokens': 10,
    });
    expect(attributes['gen_ai.request.model']).toBe(kind === 'openai' ? 'gpt-4o-mini' : 'claude-3-5-haiku-20241022');
    expect(Object.keys(JSON.parse(row?.ratelimit_headers ?? '{}') as object)).toEqual(
      expect.arrayContaining(['x-ratelimit-remaining-requests', 'anthropic-ratelimit-requests-remaining']),
    );
  });

  it('429 with retry-after: waits as told, retries, records both attempts', async () => {
    const { provider, usage, server } = await setup(kind, (n) =>
      n === 0 ? { status: 429, headers: kind === 'openai' ? { 'retry-after-ms': '400' } : { 'retry-after': '1' } } : { status: 200 },
    );
    const result = await provider.categorize(ITEMS);
    expect(result.get('O-1')?.category).toBe('books');
    expect(server.requests).toHaveLength(2);
    const waited = (server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(kind === 'openai' ? 380 : 980);
    const rows = usage();
    expect(rows.map((r) => [r.attempt, r.status, r.http_status])).toEqual([
      [1, 'error', 429],
      [2, 'ok', null],
    ]);
    expect(rows[0]?.retry_after_ms).toBe(kind === 'openai' ? 400 : 1000);
    expect(rows[0]?.request_key).toBe(rows[1]?.request_key);
  });

  it('500s: retries with backoff up to the limit, then falls back to the rules and says so', async () => {
    const { provider, usage, server, fallbacks } = await setup(kind, () => ({ status: 500 }), { retries: 2 });
    const result = await provider.categorize(ITEMS);
    expect(server.requests).toHaveLength(3); // first try + retries=2
    expect(usage().map((r) => [r.attempt, r.status, r.http_status])).toEqual([
      [1, 'error', 500],
      [2, 'error', 500],
      [3, 'error', 500],
    ]);
    expect(result.get('O-2')).toEqual({ category: 'home', source: 'rules-fallback' });
    expect(fallbacks).toHaveLength(1);
  });

  it('a non-retryable 400 is not retried', async () => {
    const { usage, server, provider } = await setup(kind, () => ({ status: 400 }));
    await provider.categorize(ITEMS);
    expect(server.requests).toHaveLength(1);
    expect(usage()).toHaveLength(1);
  });

  it('slow responses time out per attempt and the retry succeeds', async () => {
    const { provider, usage, server } = await setup(kind, (n) => (n < 2 ? { status: 200, delayMs: 1500 } : { status: 200 }), {
      attemptTimeoutMs: 200,
      retries: 3,
    });
    const result = await provider.categorize(ITEMS);
    expect(result.get('O-1')?.source).not.toBe('rules-fallback');
    expect(server.requests).toHaveLength(3);
    const rows = usage();
    expect(rows.map((r) => r.status)).toEqual(['timeout', 'timeout', 'ok']);
    expect(rows[0]?.latency_ms).toBeGreaterThanOrEqual(190);
    expect(rows[0]?.latency_ms).toBeLessThan(1400);
  });

  it('the limiter keeps starts under requests/window and concurrency', async () => {
    const { provider, server, usage } = await setup(kind, () => ({ status: 200, delayMs: 30 }), { requestsPerWindow: 3, windowMs: 400, concurrency: 2 }, 1);
    const items = Array.from({ length: 9 }, (_, i) => ({ id: `O-${String(i)}`, product: 'Kite' }));
    const started = Date.now();
    await provider.categorize(items);
    expect(server.requests).toHaveLength(9);
    // attempt start times as recorded when the queue let each attempt run (server arrival times add
    // a variable delay on a loaded machine)
    const times = usage().map((r) => Date.parse(r.started_at)).sort((a, b) => a - b);
    for (let i = 3; i < times.length; i += 1) {
      // the 4th start after any start must come one window (400 ms) later; 50 ms slack for timers
      // and event-loop delay on a loaded machine (unlimited, all nine start within a few ms)
      expect((times[i] ?? 0) - (times[i - 3] ?? 0)).toBeGreaterThanOrEqual(350);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 350);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
    expect(usage()).toHaveLength(9);
  });

  it('the tokens/window budget spaces requests once estimates and real usage fill it', async () => {
    // each request is estimated at about 90 tokens and settles to 120 (100 in + 20 out from the server)
    const { provider, server, usage } = await setup(kind, () => ({ status: 200 }), { tokensPerWindow: 250, windowMs: 400, concurrency: 4, requestsPerWindow: 100 }, 1);
    const items = Array.from({ length: 6 }, (_, i) => ({ id: `O-${String(i)}`, product: 'Kite' }));
    await provider.categorize(items);
    expect(server.requests).toHaveLength(6);
    const times = usage().map((r) => Date.parse(r.started_at)).sort((a, b) => a - b);
    for (let i = 2; i < times.length; i += 1) {
      // at most two requests fit in any window: the third after any start comes a window (400 ms)
      // later, less the delay between reserving tokens and starting (unlimited: a few ms apart)
      expect((times[i] ?? 0) - (times[i - 2] ?? 0)).toBeGreaterThanOrEqual(300);
    }
    expect(usage().every((r) => r.input_tokens + r.output_tokens === 120)).toBe(true);
  });

  it('the breaker opens after consecutive failures and stops calling the API', async () => {
    const { provider, server, usage, fallbacks } = await setup(kind, () => ({ status: 503 }), { retries: 0, breakerThreshold: 2, breakerHalfOpenAfterMs: 60_000, concurrency: 1 }, 1);
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `O-${String(i)}`, product: 'Kite' }));
    const result = await provider.categorize(items);
    expect(server.requests).toHaveLength(2);
    expect(usage()).toHaveLength(2);
    expect(fallbacks).toHaveLength(5);
    expect([...result.values()].every((r) => r.source === 'rules-fallback')).toBe(true);
  });
});

describe('API keys never leak', () => {
  it('a server echoing the key in its error does not put it into the DB, the warnings or thrown text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-key-'));
    const server = await startFakeServer(() => ({ echoAuth: true, status: 401 }));
    open.push({ server });
    try {
      const db = await openDatabase(join(dir, 'k.db'));
      const caller = new ResilientCaller({ retries: 1 }, createDbUsageSink(db, 'run-k', [KEY]), [KEY]);
      const fallbacks: string[] = [];
      const provider = new OpenAIProvider({ apiKey: KEY, model: 'gpt-4o-mini', baseURL: `${server.url}/v1`, caller, onFallback: (r) => fallbacks.push(r) });
      await provider.categorize(ITEMS);
      expect(server.requests[0]?.authorization).toBe(`Bearer ${KEY}`); // the key did reach the server …
      const messages = db.prepare('SELECT error_message FROM api_usage').pluck().all() as string[];
      expect(messages[0]).toContain('[redacted]'); // … and the echo was scrubbed
      db.close();
      for (const file of readdirSync(dir)) {
        expect(readFileSync(join(dir, file)).includes(KEY), file).toBe(false);
        expect(readFileSync(join(dir, file)).includes('SECRETKEY'), file).toBe(false);
      }
      expect(fallbacks.join('\n')).not.toContain('SECRETKEY');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
