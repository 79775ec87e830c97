/**
 * @rationale One prompt and one answer parser shared by the AI providers
 *   why: the providers differ in transport, not in the task; a JSON object answer keyed by order id is
 *     checked with zod, and every id the model skipped or answered outside the category set falls back
 *     to the rules classifier, marked `rules-fallback`.
 *   alternatives: one request per order (20× the requests and the per-request overhead tokens)
 *   tradeoffs: one bad answer affects a whole group of orders (they fall back together)
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CATEGORIES, isCategory } from './categories';
import { categorizeByRules } from './categorize';
import type { EnrichItem, EnrichResult } from './provider';

export const SYSTEM_PROMPT = `You classify e-commerce order lines. Categories: ${CATEGORIES.join(', ')}.
Answer with one JSON object mapping every given id to exactly one category, nothing else.`;

/** The user message: the items as JSON lines. */
export function userPrompt(items: readonly EnrichItem[]): string {
  return items.map((item) => JSON.stringify({ id: item.id, product: item.product })).join('\n');
}

/** A rough token estimate (4 characters per token) for the rate limiter; settled to real usage later. */
export function estimateTokens(items: readonly EnrichItem[], maxOutputTokens: number): number {
  return Math.ceil((SYSTEM_PROMPT.length + userPrompt(items).length) / 4) + maxOutputTokens;
}

/** Output budget: about 12 tokens per `"id": "category"` pair plus the braces. */
export function maxOutputTokensFor(items: readonly EnrichItem[]): number {
  return 16 + items.length * 12;
}

/** A short stable key for the group of items one request classifies. */
export function requestKey(items: readonly EnrichItem[]): string {
  return createHash('sha256').update(items.map((i) => i.id).join('\n')).digest('hex').slice(0, 16);
}

const Answer = z.record(z.string(), z.unknown());

/** Reads the model's answer; anything missing or invalid falls back to the rules classifier. */
export function parseAnswer(text: string, items: readonly EnrichItem[], source: string): Map<string, EnrichResult> {
  let answer: Record<string, unknown> = {};
  try {
    const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
    const parsed = Answer.safeParse(JSON.parse(json));
    if (parsed.success) answer = parsed.data;
  } catch {
    answer = {};
  }
  return fallbackFor(items, answer, source);
}

/** Every item classified by the rules, marked as a fallback. */
export function fallbackAll(items: readonly EnrichItem[]): Map<string, EnrichResult> {
  return fallbackFor(items, {}, '');
}

function fallbackFor(items: readonly EnrichItem[], answer: Record<string, unknown>, source: string): Map<string, EnrichResult> {
  const out = new Map<string, EnrichResult>();
  for (const item of items) {
    const value = Object.hasOwn(answer, item.id) ? answer[item.id] : undefined;
    const category = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    out.set(
      item.id,
      isCategory(category) ? { category, source } : { category: categorizeByRules(item.product), source: 'rules-fallback' },
    );
  }
  return out;
}
