/**
 * Checks parsed blocks against the grammar and says what to write.
 *
 * @rationale Validation separate from parsing, returning data (never throwing)
 *   why: the parser must accept anything so rules can point at the exact field; what counts as an
 *     error depends on options (minWords, required rateLimit keys), so it is a second pass the plugin
 *     runs with the user's settings.
 *   alternatives: throw on malformed input (crashes ESLint); validate inside the parser (no options)
 *   tradeoffs: value parsers run twice (once to attach `parsed`, once here for the message); cheap
 */
import { closest, distance } from 'fastest-levenshtein';
import { fieldSpecFor } from './grammar/index';
import { datasetMatches, getLineageSpec } from './grammar/lineage';
import { isPlaceholder } from './grammar/placeholder';
import type { Block, DatasetRef, Diagnostic, Field, ParsedDoc, Severity, Span, ValidateOptions } from './types';
import type { ValueResult } from './grammar/spec';

/** Every diagnostic code validateDoc can return, with its severity. Stable: rules and docs key on them. */
export const DIAGNOSTIC_CODES = {
  'missing-head': 'error',
  'missing-field': 'error',
  'missing-dataset': 'error',
  'empty-value': 'error',
  'unknown-key': 'warning',
  'duplicate-field': 'error',
  placeholder: 'error',
  'rationale-too-short': 'error',
  'bad-duration': 'error',
  'bad-rate': 'error',
  'bad-unit': 'error',
  'bad-window': 'error',
  'bad-status-list': 'error',
  'bad-retries': 'error',
  'retry-without-on': 'warning',
  'bad-backoff': 'error',
  'bad-retry-after': 'error',
  'bad-timeout': 'error',
  'bad-idempotent': 'error',
  'bad-integer': 'error',
  'bad-dataset': 'error',
  'unknown-namespace': 'error',
  'bad-column': 'error',
  'unknown-column-dataset': 'warning',
  'bad-job-name': 'error',
  'bad-api-name': 'error',
  'bad-edge-tests': 'error',
  'bad-roundtrip': 'error',
  'bad-throws': 'error',
  'bad-value': 'error',
  'bad-flow-step': 'warning',
  'tag-case': 'warning',
  'unknown-tag': 'warning',
  'unterminated-comment': 'error',
  'internal-error': 'error',
} as const satisfies Record<string, Severity>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

const severityOf = (code: string): Severity =>
  Object.hasOwn(DIAGNOSTIC_CODES, code) ? (DIAGNOSTIC_CODES as Record<string, Severity>)[code] ?? 'error' : 'error';

/** Words of a head, for `minWords`: runs of letters/digits (`+` and `—` do not count). */
export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_.-]*/gu) ?? []).length;
}

const label = (block: Block): string => (block.style === 'section' ? `\`${block.tag}\` item` : `\`${block.tag}${block.head ? ` ${block.head}` : ''}\``);

/**
 * Validate every block of a parsed comment. Never throws; returns diagnostics in source order of the
 * blocks they belong to. Parse problems (`tag-case`, `bad-flow-step`, …) are included.
 */
export function validateDoc(doc: ParsedDoc, options: ValidateOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  try {
    for (const p of doc.problems ?? []) out.push({ code: p.code, severity: severityOf(p.code), message: p.message, loc: p.loc });
    for (const block of doc.blocks ?? []) {
      if (options.kinds && !options.kinds.includes(block.kind)) continue;
      validateBlock(block, options, out);
    }
  } catch (error) {
    const at = { offset: 0, line: 1, column: 0 };
    out.push({
      code: 'internal-error',
      severity: 'error',
      message: `pipeguard could not validate this comment (${error instanceof Error ? error.message : String(error)}); please report it`,
      loc: { start: at, end: at },
    });
  }
  return out;
}

/** Validate one block (what validateDoc does per block). */
export function validateBlock(block: Block, options: ValidateOptions = {}, out: Diagnostic[] = []): Diagnostic[] {
  const spec = fieldSpecFor(block.kind);
  if (!spec) return out;
  const phrases = options.placeholderPhrases ?? [];
  const push = (code: string, message: string, loc: Span, extra: Partial<Diagnostic> = {}): void => {
    out.push({ code, severity: severityOf(code), message, kind: block.kind, loc, ...extra });
  };
  const isCode = block.kind === 'invariant';

  // Head.
  const head = block.head.trim();
  const sectionLineage = block.style === 'section' && block.kind === 'lineage';
  if (head === '' && spec.head === 'required' && !sectionLineage) {
    push('missing-head', `\`${block.tag}\` needs ${spec.headDescription} after the tag, e.g. \`${spec.tag} ${spec.headExample}\``, block.loc);
  } else if (head !== '' && isPlaceholder(head, { phrases, code: isCode })) {
    push('placeholder', `${label(block)} is placeholder text: write ${spec.headDescription}, e.g. \`${spec.tag} ${spec.headExample}\``, block.headLoc);
  } else if (head !== '' && spec.checkHead) {
    const problem = spec.checkHead(head);
    if (problem) push(problem.code, problem.message, block.headLoc);
  }
  if (block.kind === 'throws' && head !== '' && !/\bwhen\b|\bif\b/i.test(head)) {
    push('bad-throws', `${label(block)} does not say when it throws: write \`@throws {ErrorName} when …\`, e.g. \`${spec.headExample}\``, block.headLoc);
  }

  // Fields: unknown keys, duplicates, empty values, placeholders, values that do not parse.
  const seen = new Map<string, Field>();
  const known = spec.keys.map((k) => k.key);
  const usable = new Set<string>();
  for (const field of block.fields) {
    const keySpec = spec.keys.find((k) => k.key === field.key);
    if (!keySpec) {
      const suggestion = bestMatch(field.key, known);
      const list = known.length > 0 ? ` Known keys: ${known.join(', ')}.` : ` \`${spec.tag}\` takes no fields.`;
      push(
        'unknown-key',
        `Unknown key \`${field.key}:\` in ${label(block)}${suggestion ? `; did you mean \`${suggestion}:\`?` : '.'}${list}`,
        field.loc,
        suggestion ? { key: field.key, suggestion } : { key: field.key },
      );
      continue;
    }
    const first = seen.get(field.key);
    if (first && !keySpec.repeatable) {
      push(
        'duplicate-field',
        `\`${field.key}:\` appears again in ${label(block)} (first on line ${first.loc.start.line}): keep one \`${field.key}:\` line`,
        field.loc,
        { key: field.key },
      );
      continue;
    }
    seen.set(field.key, field);
    if (field.value.trim() === '') {
      push('empty-value', `\`${field.key}:\` is empty: write ${keySpec.description}, e.g. \`${field.key}: ${keySpec.example}\``, field.loc, { key: field.key });
      continue;
    }
    if (isPlaceholder(field.value, { phrases })) {
      push('placeholder', `\`${field.key}:\` is placeholder text: write ${keySpec.description}, e.g. \`${field.key}: ${keySpec.example}\``, field.valueLoc, { key: field.key });
      continue;
    }
    if (keySpec.parse) {
      // parseDocComment already ran this parser on this value and kept what parsed; only a failure is re-run (for its message)
      const r: ValueResult = field.parsed ? { ok: true, parsed: field.parsed } : keySpec.parse(field.value);
      if (!r.ok) {
        push(r.code, `\`${field.key}:\` ${r.message}`, field.valueLoc, { key: field.key });
        continue;
      }
      if (r.parsed.kind === 'retry' && r.parsed.value.retries > 0 && r.parsed.value.on.length === 0) {
        push('retry-without-on', `\`retry:\` retries ${r.parsed.value.retries} times but does not say on what: add \`on=408,429,5xx,network\``, field.valueLoc, { key: field.key });
      }
      if (r.parsed.kind === 'dataset') checkNamespace(r.parsed.value.namespace, field, options, push);
    }
    usable.add(field.key);
  }

  // Required fields.
  const required = block.kind === 'rateLimit' ? (options.rateLimitRequired ?? spec.required) : spec.required;
  const minWords = options.minWords ?? 8;
  for (const key of required) {
    if (usable.has(key) || block.fields.some((f) => f.key === key)) continue;
    if (key === 'why' && countWords(head) >= minWords) continue;
    const keySpec = spec.keys.find((k) => k.key === key);
    push(
      'missing-field',
      `${label(block)} has no \`${key}:\`: add an indented line \`${key}: ${keySpec?.example ?? '…'}\``,
      block.loc,
      { key },
    );
  }
  if (block.kind === 'rationale' && !usable.has('why') && head !== '' && !isPlaceholder(head, { phrases })) {
    const words = countWords(head);
    if (words < minWords) {
      push(
        'rationale-too-short',
        `${label(block)} has ${words} word${words === 1 ? '' : 's'} and no \`why:\`: add an indented \`why:\` line saying why (or state the decision and its reason in at least ${minWords} words)`,
        block.headLoc,
      );
    }
  }
  if (block.kind === 'lineage' && options.checkColumnDatasets) checkColumnDatasets(block, push);
  if (block.kind === 'lineage') {
    const hasData = block.fields.some((f) => f.key === 'in' || f.key === 'out') || (block.steps?.length ?? 0) > 0;
    if (!hasData) {
      push(
        'missing-dataset',
        sectionLineage
          ? `\`${block.tag}\` has no steps: add numbered steps like \`1. Raw events → Kafka (for replay)\``
          : `${label(block)} names no dataset: add \`in: file data/inbox/orders.csv\` or \`out: sqlite main.orders\``,
        block.loc,
      );
    }
  }
  return out;
}

/** `column:` datasets should name a dataset of the block (by name or name suffix). */
function checkColumnDatasets(block: Block, push: (code: string, message: string, loc: Span, extra?: Partial<Diagnostic>) => void): void {
  const spec = getLineageSpec(block);
  const names = (list: readonly DatasetRef[]): string => list.map((d) => `\`${d.name}\``).join(', ');
  for (const field of block.fields) {
    if (field.key !== 'column' || field.parsed?.kind !== 'column') continue;
    const col = field.parsed.value;
    if (col.targetDataset !== undefined && spec.outputs.length > 0 && !spec.outputs.some((d) => datasetMatches(col.targetDataset ?? '', d))) {
      push(
        'unknown-column-dataset',
        `\`column:\` targets \`${col.targetDataset}\`, which is none of this block's outputs (${names(spec.outputs)}): name an \`out:\` dataset or add it`,
        field.valueLoc,
        { key: 'column' },
      );
    }
    for (const src of col.sources) {
      if (src.dataset === undefined || spec.inputs.length === 0 || spec.inputs.some((d) => datasetMatches(src.dataset ?? '', d))) continue;
      push(
        'unknown-column-dataset',
        `\`column:\` reads \`${src.dataset}.${src.field}\`, but \`${src.dataset}\` is none of this block's inputs (${names(spec.inputs)}): name an \`in:\` dataset or add it`,
        field.valueLoc,
        { key: 'column' },
      );
    }
  }
}

function bestMatch(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (lower) return lower;
  const best = closest(key.toLowerCase(), known.map((k) => k.toLowerCase()));
  const k = key.toLowerCase();
  const d = distance(k, best);
  let prefix = 0;
  while (prefix < k.length && k[prefix] === best[prefix]) prefix++;
  if (d > Math.max(2, Math.floor(Math.max(k.length, best.length) / 2)) && prefix < 4) return undefined;
  return known.find((k) => k.toLowerCase() === best);
}

function checkNamespace(
  namespace: string,
  field: Field,
  options: ValidateOptions,
  push: (code: string, message: string, loc: Span, extra?: Partial<Diagnostic>) => void,
): void {
  const aliases = options.namespaceAliases;
  if (!aliases || !namespace.startsWith('$') || namespace in aliases || namespace.slice(1) in aliases) return;
  const names = Object.keys(aliases);
  push(
    'unknown-namespace',
    `\`${namespace}\` is not a configured namespace alias${names.length ? ` (configured: ${names.join(', ')})` : ''}: add it to the namespace settings or write the namespace URI`,
    field.valueLoc,
    { key: field.key },
  );
}

