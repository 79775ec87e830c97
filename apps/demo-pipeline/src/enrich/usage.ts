/**
 * Recording every API attempt: tokens, cost, status, rate-limit headers, with secrets removed.
 *
 * @rationale One `api_usage` row per attempt, written immediately, attributes under OpenTelemetry
 *   GenAI names
 *   why: retries cost money too, so usage is a ledger of attempts, not of successful calls; it is
 *     written as it happens (its own statement, outside the batch transaction) because an attempt
 *     made before a crash was still paid for. The `attributes` JSON uses the OpenTelemetry GenAI
 *     semantic-convention names (`gen_ai.provider.name`, `gen_ai.request.model`,
 *     `gen_ai.usage.input_tokens` …) so it can be exported as span attributes unchanged.
 *   alternatives: writing usage in the batch transaction (a crash would forget paid attempts);
 *     an OpenTelemetry SDK exporter (a collector the demo does not have)
 *   tradeoffs: after a crash, the attempts for the uncommitted batch are repeated and recorded twice,
 *     which is what was paid
 *
 * @lineage record_api_usage
 *   out: sqlite main.api_usage mode=append
 */
import type { SqliteDb } from '../load/database';
import { PRICE_TABLE_VERSION, costUsd } from './prices';

/** One attempt of one request. */
export interface AttemptRecord {
  provider: string;
  model: string;
  operation: string;
  /** identifies the logical request the attempt belongs to */
  requestKey: string;
  /** 1 for the first try */
  attempt: number;
  status: 'ok' | 'error' | 'timeout';
  httpStatus?: number | undefined;
  errorType?: string | undefined;
  errorMessage?: string | undefined;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  retryAfterMs?: number | undefined;
  rateLimitHeaders: Record<string, string>;
  responseId?: string | undefined;
  responseModel?: string | undefined;
  serverAddress?: string | undefined;
  startedAt: string;
}

export interface UsageSink {
  record(attempt: AttemptRecord): void;
}

const RATE_LIMIT_HEADER = /^(x-ratelimit-|anthropic-ratelimit-|retry-after)/i;

/** The rate-limit headers of a response (`x-ratelimit-*`, `anthropic-ratelimit-*`, `retry-after*`). */
export function rateLimitHeaders(headers: Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  headers.forEach((value, key) => {
    if (RATE_LIMIT_HEADER.test(key)) out[key.toLowerCase()] = value;
  });
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Replaces every secret (and anything shaped like an API key or bearer token) with `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/\b(sk|sk-ant|sk-proj)-[A-Za-z0-9_-]{8,}/g, '[redacted]')
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, 'Bearer [redacted]');
}

/** The OpenTelemetry GenAI attributes of an attempt. */
export function otelAttributes(a: AttemptRecord): Record<string, string | number> {
  const attrs: Record<string, string | number> = {
    'gen_ai.provider.name': a.provider,
    'gen_ai.system': a.provider,
    'gen_ai.operation.name': a.operation,
    'gen_ai.request.model': a.model,
    'gen_ai.usage.input_tokens': a.inputTokens,
    'gen_ai.usage.output_tokens': a.outputTokens,
  };
  if (a.cachedTokens > 0) attrs['gen_ai.usage.cache_read.input_tokens'] = a.cachedTokens;
  if (a.responseModel) attrs['gen_ai.response.model'] = a.responseModel;
  if (a.responseId) attrs['gen_ai.response.id'] = a.responseId;
  if (a.serverAddress) attrs['server.address'] = a.serverAddress;
  if (a.httpStatus !== undefined) attrs['http.response.status_code'] = a.httpStatus;
  if (a.errorType) attrs['error.type'] = a.errorType;
  return attrs;
}

/** A sink that inserts one parameterised row per attempt. `secrets` are scrubbed from every text column. */
export function createDbUsageSink(db: SqliteDb, runId: string, secrets: readonly string[]): UsageSink {
  const insert = db.prepare(
    `INSERT INTO api_usage (run_id, started_at, provider, model, operation, request_key, attempt, status, http_status,
       error_type, error_message, latency_ms, input_tokens, output_tokens, cached_tokens, cost_usd, price_version,
       retry_after_ms, ratelimit_headers, attributes)
     VALUES (@runId, @startedAt, @provider, @model, @operation, @requestKey, @attempt, @status, @httpStatus,
       @errorType, @errorMessage, @latencyMs, @inputTokens, @outputTokens, @cachedTokens, @cost, @priceVersion,
       @retryAfterMs, @headers, @attributes)`,
  );
  return {
    record(a) {
      const cost = costUsd(a.model, a.inputTokens, a.outputTokens, a.cachedTokens);
      insert.run({
        runId,
        startedAt: a.startedAt,
        provider: a.provider,
        model: a.model,
        operation: a.operation,
        requestKey: a.requestKey,
        attempt: a.attempt,
        status: a.status,
        httpStatus: a.httpStatus ?? null,
        errorType: a.errorType ?? null,
        errorMessage: a.errorMessage === undefined ? null : redact(a.errorMessage, secrets),
        latencyMs: Math.round(a.latencyMs),
        inputTokens: a.inputTokens,
        outputTokens: a.outputTokens,
        cachedTokens: a.cachedTokens,
        cost: cost ?? null,
        priceVersion: cost === undefined ? null : PRICE_TABLE_VERSION,
        retryAfterMs: a.retryAfterMs ?? null,
        headers: redact(JSON.stringify(a.rateLimitHeaders), secrets),
        attributes: redact(JSON.stringify(otelAttributes(a)), secrets),
      });
    },
  };
}
