/**
 * The OpenAI and Anthropic providers: the real SDK clients behind the shared resilience layer.
 *
 * @rationale Call the official SDKs with `maxRetries: 0` and read usage and headers via `withResponse()`
 *   why: the SDKs handle auth, base URLs and error classes; `withResponse()` exposes the HTTP
 *     headers (rate-limit headers, retry-after) that the usage ledger and the backoff need. Retries
 *     are ours (see resilience.ts), so the SDK's must be off. `--base-url` points the OpenAI client at
 *     any OpenAI-compatible server (vLLM, Ollama, LM Studio).
 *   alternatives: raw fetch (re-implements auth headers and error parsing); Vercel AI SDK (another
 *     abstraction over the same two SDKs)
 *   tradeoffs: groups of up to `itemsPerRequest` orders share one request
 *
 * @rateLimit openai.chat.completions
 *   limit: 60 req/min, 100000 tokens/min
 *   concurrency: 4
 *   retry: retries=3 on=408,409,429,5xx,network,timeout
 *   backoff: exponential initial=500ms factor=2 max=8s jitter=full
 *   retryAfter: honor max=60s
 *   timeout: attempt=30s total=3m
 *   idempotent: yes reason="classification has no side effects"
 *   sdkRetries: 0
 *   onExhausted: fallback provider=rules
 * @rateLimit anthropic.messages
 *   limit: 60 req/min, 100000 tokens/min
 *   concurrency: 4
 *   retry: retries=3 on=408,409,429,5xx,network,timeout
 *   backoff: exponential initial=500ms factor=2 max=8s jitter=full
 *   retryAfter: honor max=60s
 *   timeout: attempt=30s total=3m
 *   idempotent: yes reason="classification has no side effects"
 *   sdkRetries: 0
 *   onExhausted: fallback provider=rules
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { EnrichItem, EnrichResult, EnrichmentProvider } from './provider';
import { SYSTEM_PROMPT, estimateTokens, fallbackAll, maxOutputTokensFor, parseAnswer, requestKey, userPrompt } from './prompt';
import type { ResilientCaller, AttemptOutcome } from './resilience';

export interface ApiProviderOptions {
  apiKey: string;
  model: string;
  baseURL?: string | undefined;
  caller: ResilientCaller;
  /** orders per request; default 20 */
  itemsPerRequest?: number;
  /** called once per request that fell back to the rules, with a redacted reason */
  onFallback?: (reason: string) => void;
}

function hostOf(baseURL: string | undefined, fallback: string): string {
  try {
    return new URL(baseURL ?? fallback).host;
  } catch {
    return fallback;
  }
}

abstract class ApiProvider implements EnrichmentProvider {
  abstract readonly name: string;
  readonly model: string;
  protected readonly caller: ResilientCaller;
  private readonly itemsPerRequest: number;

  constructor(protected readonly options: ApiProviderOptions) {
    this.model = options.model;
    this.caller = options.caller;
    this.itemsPerRequest = options.itemsPerRequest ?? 20;
  }

  protected abstract attempt(items: readonly EnrichItem[], maxTokens: number, signal: AbortSignal): Promise<AttemptOutcome<string>>;
  protected abstract readonly server: string;

  async categorize(items: readonly EnrichItem[]): Promise<Map<string, EnrichResult>> {
    const groups: EnrichItem[][] = [];
    for (let i = 0; i < items.length; i += this.itemsPerRequest) groups.push(items.slice(i, i + this.itemsPerRequest));
    const results = await Promise.all(groups.map((group) => this.categorizeGroup(group)));
    return new Map(results.flatMap((m) => [...m]));
  }

  private async categorizeGroup(items: readonly EnrichItem[]): Promise<Map<string, EnrichResult>> {
    const maxTokens = maxOutputTokensFor(items);
    try {
      const text = await this.caller.call(
        {
          provider: this.name,
          model: this.model,
          operation: 'chat',
          requestKey: requestKey(items),
          serverAddress: this.server,
          estimatedTokens: estimateTokens(items, maxTokens),
        },
        (signal) => this.attempt(items, maxTokens, signal),
      );
      return parseAnswer(text, items, `${this.name}:${this.model}`);
    } catch (error) {
      this.options.onFallback?.(error instanceof Error ? error.message : String(error));
      return fallbackAll(items);
    }
  }
}

/**
 * @lineage enrich_openai
 *   in: file orders.csv
 *   out: sqlite main.orders
 *   out: sqlite main.api_usage mode=append
 *   column: orders.category from orders.product desc="chat completion, JSON answer"
 */
export class OpenAIProvider extends ApiProvider {
  readonly name = 'openai';
  protected readonly server: string;
  private readonly client: OpenAI;

  constructor(options: ApiProviderOptions) {
    super(options);
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL ?? null, maxRetries: 0, timeout: options.caller.options.attemptTimeoutMs });
    this.server = hostOf(options.baseURL, 'https://api.openai.com/v1');
  }

  protected async attempt(items: readonly EnrichItem[], maxTokens: number, signal: AbortSignal): Promise<AttemptOutcome<string>> {
    const { data, response } = await this.client.chat.completions
      .create(
        {
          model: this.model,
          temperature: 0,
          max_tokens: maxTokens,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: userPrompt(items) },
          ],
        },
        { signal, maxRetries: 0, timeout: this.caller.options.attemptTimeoutMs },
      )
      .withResponse();
    return {
      value: data.choices[0]?.message.content ?? '',
      inputTokens: data.usage?.prompt_tokens ?? 0,
      outputTokens: data.usage?.completion_tokens ?? 0,
      cachedTokens: data.usage?.prompt_tokens_details?.cached_tokens ?? 0,
      headers: response.headers,
      responseId: data.id,
      responseModel: data.model,
    };
  }
}

/**
 * @lineage enrich_anthropic
 *   in: file orders.csv
 *   out: sqlite main.orders
 *   out: sqlite main.api_usage mode=append
 *   column: orders.category from orders.product desc="messages API, JSON answer"
 */
export class AnthropicProvider extends ApiProvider {
  readonly name = 'anthropic';
  protected readonly server: string;
  private readonly client: Anthropic;

  constructor(options: ApiProviderOptions) {
    super(options);
    this.client = new Anthropic({ apiKey: options.apiKey, baseURL: options.baseURL ?? null, maxRetries: 0, timeout: options.caller.options.attemptTimeoutMs });
    this.server = hostOf(options.baseURL, 'https://api.anthropic.com');
  }

  protected async attempt(items: readonly EnrichItem[], maxTokens: number, signal: AbortSignal): Promise<AttemptOutcome<string>> {
    const { data, response } = await this.client.messages
      .create(
        {
          model: this.model,
          max_tokens: maxTokens,
          system: SYSTEM_PROMPT,
          messages: [{ role: 'user', content: userPrompt(items) }],
        },
        { signal, maxRetries: 0, timeout: this.caller.options.attemptTimeoutMs },
      )
      .withResponse();
    const text = data.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    const cacheRead = data.usage.cache_read_input_tokens ?? 0;
    const cacheWrite = data.usage.cache_creation_input_tokens ?? 0;
    return {
      value: text,
      // OpenTelemetry GenAI: input tokens include cached ones; Anthropic reports them separately
      inputTokens: data.usage.input_tokens + cacheRead + cacheWrite,
      outputTokens: data.usage.output_tokens,
      cachedTokens: cacheRead,
      headers: response.headers,
      responseId: data.id,
      responseModel: data.model,
    };
  }
}

/** Default model per provider. */
export const DEFAULT_MODELS = { openai: 'gpt-4o-mini', anthropic: 'claude-3-5-haiku-latest' } as const;
