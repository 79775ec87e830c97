/**
 * Rate limiting, retries, timeouts and a circuit breaker around one API attempt.
 *
 * @rationale p-queue for requests/min and concurrency, cockatiel for retry, timeout and breaker,
 *   SDK retries off
 *   why: p-queue's strict (sliding-window) mode guarantees no more than N starts in any window,
 *     which is what a provider's requests/min limit counts; cockatiel composes retry, breaker and
 *     timeout policies and lets the backoff read the failed attempt, so a `retry-after` header sets
 *     the delay. The SDKs' own retries are disabled (`maxRetries: 0`), otherwise attempts multiply
 *     and escape the limiter and the usage ledger.
 *   alternatives: the SDKs' built-in retries (honour retry-after, but no shared rate limit, no
 *     per-attempt record); p-retry + hand-written breaker
 *   tradeoffs: every retry waits in the queue again, so it counts against requests/min like the provider does
 *
 * @rateLimit enrichment.api
 *   limit: 60 req/min, 100000 tokens/min
 *   concurrency: 4
 *   retry: retries=3 on=408,409,429,5xx,network,timeout
 *   backoff: exponential initial=500ms factor=2 max=8s jitter=full
 *   retryAfter: honor max=60s
 *   timeout: attempt=30s total=3m
 *   idempotent: yes reason="classification has no side effects; results are upserted on order_id"
 *   sdkRetries: 0
 *   onExhausted: fallback provider=rules
 */
import { performance } from 'node:perf_hooks';
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  DelegateBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type CircuitBreakerPolicy,
  type RetryPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import PQueue from 'p-queue';
import { TokenWindow } from './token-window';
import { rateLimitHeaders, redact, type AttemptRecord, type UsageSink } from './usage';

export interface ResilienceOptions {
  requestsPerWindow: number;
  tokensPerWindow: number;
  /** the limit window; 60 000 for the per-minute limits providers publish */
  windowMs: number;
  concurrency: number;
  /** retries after the first try */
  retries: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** `full` jitter draws the delay in [0, backoff]; `none` waits exactly the backoff */
  jitter: 'full' | 'none';
  /** a `retry-after` longer than this is capped to it */
  retryAfterMaxMs: number;
  attemptTimeoutMs: number;
  totalTimeoutMs: number;
  /** consecutive failed attempts that open the breaker */
  breakerThreshold: number;
  breakerHalfOpenAfterMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  requestsPerWindow: 60,
  tokensPerWindow: 100_000,
  windowMs: 60_000,
  concurrency: 4,
  retries: 3,
  initialBackoffMs: 500,
  maxBackoffMs: 8_000,
  jitter: 'full',
  retryAfterMaxMs: 60_000,
  attemptTimeoutMs: 30_000,
  totalTimeoutMs: 180_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 10_000,
};

/** What one successful attempt returns besides its value. */
export interface AttemptOutcome<T> {
  value: T;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  headers?: Headers | undefined;
  responseId?: string | undefined;
  responseModel?: string | undefined;
}

/** What the caller knows about a failed attempt, read from the SDK error by duck typing. */
export interface FailureInfo {
  retryable: boolean;
  status: 'error' | 'timeout';
  httpStatus?: number | undefined;
  errorType: string;
  retryAfterMs?: number | undefined;
  headers?: Headers | undefined;
}

function headersOf(error: unknown): Headers | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  return headers instanceof Headers ? headers : undefined;
}

/** `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies an error thrown by an attempt (OpenAI and Anthropic SDK errors have the same shape). */
export function classifyFailure(error: unknown): FailureInfo {
  if (error instanceof TaskCancelledError) return { retryable: true, status: 'timeout', errorType: 'timeout' };
  const e = error as { status?: unknown; name?: unknown; constructor?: { name?: unknown } } | null;
  const name = typeof e?.constructor?.name === 'string' ? e.constructor.name : typeof e?.name === 'string' ? e.name : 'Error';
  if (name === 'APIConnectionTimeoutError') return { retryable: true, status: 'timeout', errorType: 'timeout' };
  if (name === 'APIConnectionError') return { retryable: true, status: 'error', errorType: 'network' };
  const httpStatus = typeof e?.status === 'number' ? e.status : undefined;
  const headers = headersOf(error);
  if (httpStatus === undefined) return { retryable: false, status: 'error', errorType: name };
  const retryable = httpStatus === 408 || httpStatus === 409 || httpStatus === 429 || httpStatus >= 500;
  return { retryable, status: 'error', httpStatus, errorType: String(httpStatus), retryAfterMs: retryAfterMs(headers), headers };
}

/** Thrown for an attempt that failed; carries the classification so the retry policy can read it. */
export class AttemptFailedError extends Error {
  constructor(
    message: string,
    readonly info: FailureInfo,
  ) {
    super(message);
    this.name = 'AttemptFailedError';
  }
}

export interface CallContext {
  provider: string;
  model: string;
  operation: string;
  requestKey: string;
  serverAddress?: string | undefined;
  /** tokens this request will probably use (prompt estimate + max output) */
  estimatedTokens: number;
}

/** Runs attempts of API requests under one shared rate limit, retry policy and breaker. */
export class ResilientCaller {
  readonly options: ResilienceOptions;
  private readonly queue: PQueue;
  private readonly tokens: TokenWindow;
  private readonly retryPolicy: RetryPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly attemptTimeout: TimeoutPolicy;

  constructor(
    options: Partial<ResilienceOptions>,
    private readonly usage: UsageSink,
    private readonly secrets: readonly string[] = [],
  ) {
    const o = { ...DEFAULT_RESILIENCE, ...options };
    this.options = o;
    this.queue = new PQueue({ concurrency: o.concurrency, intervalCap: o.requestsPerWindow, interval: o.windowMs, strict: true });
    this.tokens = new TokenWindow(o.tokensPerWindow, o.windowMs);
    const isRetryable = (error: Error): boolean => error instanceof AttemptFailedError && error.info.retryable;
    this.retryPolicy = retry(handleWhen(isRetryable), {
      maxAttempts: o.retries,
      backoff: new DelegateBackoff((context) => {
        const failure = 'error' in context.result ? context.result.error : undefined;
        const after = failure instanceof AttemptFailedError ? failure.info.retryAfterMs : undefined;
        if (after !== undefined) return Math.min(after, o.retryAfterMaxMs);
        const backoff = Math.min(o.maxBackoffMs, o.initialBackoffMs * 2 ** (context.attempt - 1));
        return o.jitter === 'full' ? Math.random() * backoff : backoff;
      }),
    });
    this.breaker = circuitBreaker(handleWhen(isRetryable), {
      halfOpenAfter: o.breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(o.breakerThreshold),
    });
    this.attemptTimeout = timeout(o.attemptTimeoutMs, TimeoutStrategy.Aggressive);
  }

  /**
   * Calls `attempt` until it succeeds, a non-retryable error occurs, retries run out, the total
   * timeout passes or the breaker is open. Every attempt that reached the network is recorded.
   */
  async call<T>(context: CallContext, attempt: (signal: AbortSignal) => Promise<AttemptOutcome<T>>): Promise<T> {
    const total = AbortSignal.timeout(this.options.totalTimeoutMs);
    let attemptNo = 0;
    // the breaker is checked when the queue lets the attempt start, so attempts queued while it
    // opened never reach the network
    return this.retryPolicy.execute(async () => {
      const reservation = await this.tokens.acquire(context.estimatedTokens);
      try {
        return await this.queue.add(() =>
          this.breaker.execute(async () => {
            attemptNo += 1;
            const startedAt = new Date().toISOString();
            const started = performance.now();
            const base = { ...context, attempt: attemptNo, startedAt };
            try {
              const out = await this.attemptTimeout.execute((_ctx, signal) => attempt(AbortSignal.any([signal, total])));
              reservation.settle(out.inputTokens + out.outputTokens);
              this.record({
                ...base,
                status: 'ok',
                latencyMs: performance.now() - started,
                inputTokens: out.inputTokens,
                outputTokens: out.outputTokens,
                cachedTokens: out.cachedTokens,
                rateLimitHeaders: rateLimitHeaders(out.headers),
                responseId: out.responseId,
                responseModel: out.responseModel,
              });
              return out.value;
            } catch (error) {
              const info = classifyFailure(error);
              // an HTTP error answer consumed no tokens; a timeout or dropped connection may have
              if (info.httpStatus !== undefined) reservation.settle(0);
              const message = redact(error instanceof Error ? error.message : String(error), this.secrets);
              this.record({
                ...base,
                status: info.status,
                httpStatus: info.httpStatus,
                errorType: info.errorType,
                errorMessage: message,
                latencyMs: performance.now() - started,
                inputTokens: 0,
                outputTokens: 0,
                cachedTokens: 0,
                retryAfterMs: info.retryAfterMs,
                rateLimitHeaders: rateLimitHeaders(info.headers),
              });
              throw new AttemptFailedError(`${context.provider} ${context.operation} attempt ${String(attemptNo)}: ${message}`, info);
            }
          }),
        );
      } catch (error) {
        if (error instanceof BrokenCircuitError) reservation.settle(0);
        throw error;
      }
    }, total);
  }

  /** Waits for queued attempts to finish. */
  async drain(): Promise<void> {
    await this.queue.onIdle();
  }

  private record(a: AttemptRecord & Partial<CallContext>): void {
    const { estimatedTokens: _estimate, ...attempt } = a;
    this.usage.record(attempt);
  }
}

export { BrokenCircuitError };
