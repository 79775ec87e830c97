/**
 * Value parsers shared by the kinds: durations, rates, status lists, `k=v` attributes, datasets.
 *
 * @rationale Small hand-written scanners for each value syntax
 *   why: each value is one short line with its own syntax; tiny scanners give exact, actionable
 *     messages ("write a number and a unit") that a generic parser combinator would not.
 *   alternatives: parsimmon/arcsecond (a dependency for ~10 one-line syntaxes); regex only (poor messages)
 *   tradeoffs: every syntax needs its own tests
 */
import type {
  BackoffSpec,
  ColumnLineageSpec,
  DatasetRef,
  IdempotentSpec,
  OnExhaustedSpec,
  Rate,
  RateUnit,
  RetryAfterSpec,
  RetrySpec,
  TimeoutSpec,
} from '../types';
import type { ValueResult } from './spec';

const fail = (code: string, message: string): ValueResult => ({ ok: false, code, message });

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `500ms`, `30s`, `5m`, `2h`, `1d`, and compounds like `1m30s` → milliseconds.
 * Returns undefined for anything else (no unit, negative, unknown unit).
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
  let total = 0;
  let i = 0;
  while (i < t.length) {
    re.lastIndex = i;
    const m = re.exec(t);
    if (!m) return undefined;
    total += Number(m[1]) * (DURATION_UNITS[m[2] ?? ''] ?? NaN);
    i = re.lastIndex;
  }
  return Number.isFinite(total) ? total : undefined;
}

/** Prints milliseconds back in the largest exact unit (`60000` → `1m`). */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

export const RATE_UNITS: readonly RateUnit[] = ['req', 'tokens', 'inputTokens', 'outputTokens', 'usd', 'rows'];

const WINDOWS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  second: 1000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
};

const DURATION_HINT = 'write a number and a unit (ms, s, m, h, d), e.g. `30s` or `5m`';
const RATE_HINT = 'write `N unit/window`, e.g. `50 req/min` (units: req tokens inputTokens outputTokens usd rows; windows: s min h day)';

/** Why a rate failed to parse, or the rate. */
export function parseRateDetailed(text: string): { rate: Rate } | { code: string; message: string } {
  const t = text.trim();
  const m = /^(\d[\d_]*(?:\.\d+)?)\s*([A-Za-z]+)\s*\/\s*(\S+)$/.exec(t);
  if (!m) return { code: 'bad-rate', message: `\`${t}\` is not a rate: ${RATE_HINT}` };
  const amount = Number((m[1] ?? '').replace(/_/g, ''));
  const unit = m[2] ?? '';
  const window = m[3] ?? '';
  if (!(RATE_UNITS as readonly string[]).includes(unit)) {
    const lower = RATE_UNITS.find((u) => u.toLowerCase() === unit.toLowerCase() || `${u}s` === unit);
    return {
      code: 'bad-unit',
      message: `unknown rate unit \`${unit}\` in \`${t}\`: use one of ${RATE_UNITS.join(', ')}${lower ? ` (did you mean \`${lower}\`?)` : ''}`,
    };
  }
  const windowOf = (name: string): number | undefined => (Object.hasOwn(WINDOWS, name) ? WINDOWS[name] : undefined);
  let windowMs = windowOf(window) ?? windowOf(window.replace(/s$/, ''));
  if (windowMs === undefined) {
    const n = /^(\d+)(s|sec|min|m|h|d)$/.exec(window);
    if (n) windowMs = Number(n[1]) * (WINDOWS[n[2] === 'm' ? 'min' : (n[2] ?? '')] ?? NaN);
  }
  if (windowMs === undefined || !Number.isFinite(windowMs) || windowMs <= 0) {
    return { code: 'bad-window', message: `unknown rate window \`/${window}\` in \`${t}\`: use s, sec, min, minute, h, hour, d or day (or a count like 10s)` };
  }
  if (!Number.isFinite(amount) || amount <= 0) {
    return { code: 'bad-rate', message: `rate \`${t}\` must have a positive amount: ${RATE_HINT}` };
  }
  return { rate: { amount, unit: unit as RateUnit, windowMs } };
}

/** `50 req/min` → `{ amount: 50, unit: 'req', windowMs: 60000 }`; undefined when malformed. */
export function parseRate(text: string): Rate | undefined {
  const r = parseRateDetailed(text);
  return 'rate' in r ? r.rate : undefined;
}

export function formatRate(rate: Rate): string {
  const windows: [number, string][] = [[1000, 's'], [60_000, 'min'], [3_600_000, 'h'], [86_400_000, 'day']];
  const w = windows.find(([ms]) => ms === rate.windowMs);
  return `${rate.amount} ${rate.unit}/${w ? w[1] : formatDuration(rate.windowMs)}`;
}

/** Split on whitespace, keeping `"double quoted"` runs (and `k="v w"`) together. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuote = false;
  let has = false;
  for (const ch of text) {
    if (ch === '"') {
      inQuote = !inQuote;
      cur += ch;
      has = true;
    } else if (!inQuote && /\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

const unquote = (v: string): string => (v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);

/** `k=v` tokens → record; returns the first token that is not `k=v`, if any. */
export function parseAttrs(tokens: string[]): { attrs: Record<string, string>; bad?: string } {
  const attrs: Record<string, string> = {};
  for (const tok of tokens) {
    const m = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(tok);
    if (!m || m[2] === '') return { attrs, bad: tok };
    // defineProperty, not assignment: `__proto__=x` must become an attribute, not a prototype.
    Object.defineProperty(attrs, m[1] ?? '', { value: unquote(m[2] ?? ''), enumerable: true, writable: true, configurable: true });
  }
  return { attrs };
}

/** Print a `k=v` attribute, quoting when needed. */
export function formatAttr(k: string, v: string): string {
  return /^[^\s"]+$/.test(v) ? `${k}=${v}` : `${k}="${v.replace(/"/g, "'")}"`;
}

export const JOB_NAME_RE = /^[A-Za-z0-9_.-]+$/;

/** Namespaces: an alias (`sqlite`, `file`, `$warehouse`) or a URI (`postgres://db:5432`). */
export const NAMESPACE_RE = /^(?:\$?[A-Za-z][\w.+-]*|[A-Za-z][\w+.-]*:\/\/\S*)$/;

export function parseDatasetValue(value: string): ValueResult {
  const tokens = tokenize(value);
  const hint = 'write `namespace name`, e.g. `in: file data/inbox/orders.csv` or `out: sqlite main.orders mode=append`';
  if (tokens.length < 2) return fail('bad-dataset', `\`${value}\` is not a dataset reference: ${hint}`);
  const [namespace = '', name = '', ...rest] = tokens;
  if (!NAMESPACE_RE.test(namespace)) {
    return fail('bad-dataset', `\`${namespace}\` is not a dataset namespace: use an alias like \`sqlite\` or \`$warehouse\`, or a URI like \`postgres://host:5432\`; ${hint}`);
  }
  if (name.includes('=')) return fail('bad-dataset', `the dataset name is missing before \`${name}\`: ${hint}`);
  const { attrs, bad } = parseAttrs(rest);
  if (bad !== undefined) return fail('bad-dataset', `\`${bad}\` after the dataset name is not \`key=value\`: ${hint}`);
  const ref: DatasetRef = { namespace, name: unquote(name), attrs };
  return { ok: true, parsed: { kind: 'dataset', value: ref } };
}

function splitQualified(ref: string): { dataset?: string; field: string } {
  const dot = ref.lastIndexOf('.');
  if (dot <= 0 || dot === ref.length - 1) return { field: ref };
  return { dataset: ref.slice(0, dot), field: ref.slice(dot + 1) };
}

const COLUMN_REF_RE = /^[A-Za-z_$][\w$.-]*$/;

export function parseColumnValue(value: string): ValueResult {
  const hint = 'write `table.column from table.a, table.b`, e.g. `column: staging_orders.amount_cents from orders.amount desc="round(amount*100)"`';
  const m = /^(\S+)\s+from\s+(.*)$/.exec(value.trim());
  if (!m) return fail('bad-column', `\`${value}\` is not a column lineage: ${hint}`);
  const target = m[1] ?? '';
  if (!COLUMN_REF_RE.test(target)) return fail('bad-column', `\`${target}\` is not a column name: ${hint}`);
  const tokens = tokenize((m[2] ?? '').replace(/,/g, ' , '));
  const sources: { dataset?: string; field: string }[] = [];
  const attrTokens: string[] = [];
  for (const tok of tokens) {
    if (tok === ',') continue;
    if (tok.includes('=')) attrTokens.push(tok);
    else if (attrTokens.length > 0) return fail('bad-column', `\`${tok}\` comes after attributes; list source columns first: ${hint}`);
    else if (!COLUMN_REF_RE.test(tok)) return fail('bad-column', `\`${tok}\` is not a source column: ${hint}`);
    else sources.push(splitQualified(tok));
  }
  if (sources.length === 0) return fail('bad-column', `no source column after \`from\` in \`${value}\`: ${hint}`);
  const { attrs, bad } = parseAttrs(attrTokens);
  if (bad !== undefined) return fail('bad-column', `\`${bad}\` is not \`key=value\`: ${hint}`);
  const t = splitQualified(target);
  const spec: ColumnLineageSpec = { targetField: t.field, sources, attrs };
  if (t.dataset !== undefined) spec.targetDataset = t.dataset;
  return { ok: true, parsed: { kind: 'column', value: spec } };
}

export function parseRatesValue(value: string): ValueResult {
  const parts = value.split(',').map((p) => p.trim());
  const rates: Rate[] = [];
  for (const p of parts) {
    const r = parseRateDetailed(p);
    if (!('rate' in r)) return fail(r.code, r.message);
    rates.push(r.rate);
  }
  return { ok: true, parsed: { kind: 'rates', value: rates } };
}

export function integerParser(min: number, example: string): (value: string) => ValueResult {
  return (value) => {
    const t = value.trim();
    if (!/^\d+$/.test(t) || Number(t) < min) {
      return fail('bad-integer', `\`${t}\` is not a whole number${min > 0 ? ` of at least ${min}` : ''}: write e.g. \`${example}\``);
    }
    return { ok: true, parsed: { kind: 'integer', value: Number(t) } };
  };
}

export function parseDurationValue(value: string): ValueResult {
  const ms = parseDuration(value);
  if (ms === undefined) return fail('bad-duration', `\`${value.trim()}\` is not a duration: ${DURATION_HINT}`);
  return { ok: true, parsed: { kind: 'duration', value: ms } };
}

const STATUS_RE = /^(?:[1-5]\d\d|[1-5]xx|network|timeout|E[A-Z0-9_]+)$/;

export function parseStatusList(text: string): { on: string[] } | { bad: string } {
  const on = text.split(',').map((s) => s.trim());
  for (const s of on) if (!STATUS_RE.test(s)) return { bad: s };
  return { on };
}

const RETRY_HINT = 'write `retries=N on=408,429,5xx,network` (retries never counts the first try), or `retries=0`';

export function parseRetryValue(value: string): ValueResult {
  const tokens = tokenize(value);
  const { attrs, bad } = parseAttrs(tokens);
  if (bad !== undefined) return fail('bad-retries', `\`${bad}\` is not \`key=value\`: ${RETRY_HINT}`);
  const unknown = Object.keys(attrs).find((k) => k !== 'retries' && k !== 'on');
  if (unknown !== undefined) return fail('bad-retries', `unknown retry setting \`${unknown}=\`: ${RETRY_HINT}`);
  if (attrs.retries === undefined) return fail('bad-retries', `\`retries=\` is missing: ${RETRY_HINT}`);
  if (!/^\d+$/.test(attrs.retries)) return fail('bad-retries', `\`retries=${attrs.retries}\` must be a whole number: ${RETRY_HINT}`);
  const spec: RetrySpec = { retries: Number(attrs.retries), on: [] };
  if (attrs.on !== undefined) {
    const list = parseStatusList(attrs.on);
    if ('bad' in list) {
      return fail('bad-status-list', `\`${list.bad}\` in \`on=${attrs.on}\` is not a status: use codes (429), classes (5xx), \`network\` or \`timeout\`, comma-separated without spaces`);
    }
    spec.on = list.on;
  }
  return { ok: true, parsed: { kind: 'retry', value: spec } };
}

const BACKOFF_HINT = 'write e.g. `exponential initial=500ms factor=2 max=8s jitter=full` (strategies: exponential linear constant none; jitter: none full equal decorrelated)';

export function parseBackoffValue(value: string): ValueResult {
  const [strategy = '', ...rest] = tokenize(value);
  if (!['exponential', 'linear', 'constant', 'none'].includes(strategy)) {
    return fail('bad-backoff', `\`${strategy}\` is not a backoff strategy: ${BACKOFF_HINT}`);
  }
  const { attrs, bad } = parseAttrs(rest);
  if (bad !== undefined) return fail('bad-backoff', `\`${bad}\` is not \`key=value\`: ${BACKOFF_HINT}`);
  const spec: BackoffSpec = { strategy: strategy as BackoffSpec['strategy'] };
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'initial' || k === 'max') {
      const ms = parseDuration(v);
      if (ms === undefined) return fail('bad-duration', `\`${k}=${v}\` is not a duration: ${DURATION_HINT}`);
      if (k === 'initial') spec.initialMs = ms;
      else spec.maxMs = ms;
    } else if (k === 'factor') {
      const f = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || f < 1) return fail('bad-backoff', `\`factor=${v}\` must be a number of at least 1: ${BACKOFF_HINT}`);
      spec.factor = f;
    } else if (k === 'jitter') {
      if (!['none', 'full', 'equal', 'decorrelated'].includes(v)) return fail('bad-backoff', `\`jitter=${v}\` is unknown: ${BACKOFF_HINT}`);
      spec.jitter = v as NonNullable<BackoffSpec['jitter']>;
    } else {
      return fail('bad-backoff', `unknown backoff setting \`${k}=\`: ${BACKOFF_HINT}`);
    }
  }
  return { ok: true, parsed: { kind: 'backoff', value: spec } };
}

export function parseRetryAfterValue(value: string): ValueResult {
  const hint = 'write `honor max=60s` or `ignore`';
  const [mode = '', ...rest] = tokenize(value);
  if (mode !== 'honor' && mode !== 'ignore') return fail('bad-retry-after', `\`${mode}\` is not a retryAfter mode: ${hint}`);
  const { attrs, bad } = parseAttrs(rest);
  if (bad !== undefined) return fail('bad-retry-after', `\`${bad}\` is not \`key=value\`: ${hint}`);
  const spec: RetryAfterSpec = { honor: mode === 'honor' };
  for (const [k, v] of Object.entries(attrs)) {
    if (k !== 'max') return fail('bad-retry-after', `unknown retryAfter setting \`${k}=\`: ${hint}`);
    const ms = parseDuration(v);
    if (ms === undefined) return fail('bad-duration', `\`max=${v}\` is not a duration: ${DURATION_HINT}`);
    spec.maxMs = ms;
  }
  return { ok: true, parsed: { kind: 'retryAfter', value: spec } };
}

export function parseTimeoutValue(value: string): ValueResult {
  const hint = 'write `attempt=30s total=2m` (per try and overall, either may be left out but not both)';
  const tokens = tokenize(value);
  // `timeout: 30s` is accepted as a per-attempt timeout.
  if (tokens.length === 1 && !tokens[0]?.includes('=')) {
    const ms = parseDuration(tokens[0] ?? '');
    if (ms === undefined) return fail('bad-duration', `\`${tokens[0] ?? ''}\` is not a duration: ${DURATION_HINT}`);
    return { ok: true, parsed: { kind: 'timeout', value: { attemptMs: ms } } };
  }
  const { attrs, bad } = parseAttrs(tokens);
  if (bad !== undefined) return fail('bad-timeout', `\`${bad}\` is not \`key=value\`: ${hint}`);
  const spec: TimeoutSpec = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (k !== 'attempt' && k !== 'total') return fail('bad-timeout', `unknown timeout setting \`${k}=\`: ${hint}`);
    const ms = parseDuration(v);
    if (ms === undefined) return fail('bad-duration', `\`${k}=${v}\` is not a duration: ${DURATION_HINT}`);
    if (k === 'attempt') spec.attemptMs = ms;
    else spec.totalMs = ms;
  }
  if (spec.attemptMs === undefined && spec.totalMs === undefined) return fail('bad-timeout', `no timeout given: ${hint}`);
  return { ok: true, parsed: { kind: 'timeout', value: spec } };
}

export function parseIdempotentValue(value: string): ValueResult {
  const hint = 'write `yes` or `no reason="…"`';
  const [answer = '', ...rest] = tokenize(value);
  const yes = ['yes', 'true'].includes(answer);
  if (!yes && !['no', 'false'].includes(answer)) return fail('bad-idempotent', `\`${answer}\` is not yes/no: ${hint}`);
  const { attrs, bad } = parseAttrs(rest);
  if (bad !== undefined) return fail('bad-idempotent', `\`${bad}\` is not \`key=value\`: ${hint}`);
  const spec: IdempotentSpec = { idempotent: yes };
  if (attrs.reason !== undefined) spec.reason = attrs.reason;
  return { ok: true, parsed: { kind: 'idempotent', value: spec } };
}

export function parseOnExhaustedValue(value: string): ValueResult {
  const hint = 'write an action and settings, e.g. `deadLetter table=main.enrichment_failures`, `fail` or `skip`';
  const [action = '', ...rest] = tokenize(value);
  if (!/^[A-Za-z][\w-]*$/.test(action)) return fail('bad-value', `\`${action}\` is not an action: ${hint}`);
  const { attrs, bad } = parseAttrs(rest);
  if (bad !== undefined) return fail('bad-value', `\`${bad}\` is not \`key=value\`: ${hint}`);
  const spec: OnExhaustedSpec = { action, attrs };
  return { ok: true, parsed: { kind: 'onExhausted', value: spec } };
}

/** Comma-separated list (`queries: by customer, by day`). */
export function parseListValue(value: string): ValueResult {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { ok: true, parsed: { kind: 'list', value: items } };
}
