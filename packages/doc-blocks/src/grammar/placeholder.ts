/**
 * Placeholder text that never counts as documentation.
 *
 * @rationale A fixed list of markers plus template phrases, extendable per project
 *   why: a block filled with `TODO` passes a presence check but documents nothing; the markers people
 *     actually leave (`TODO`, `TBD`, `...`, `<fill in>`, `xxx`) are few and stable. Text in backticks is
 *     code or a quotation, so it is not searched (`Readonly<T>` and `a … b` in code are fine).
 *   alternatives: a minimum length only (a long `TODO` note still passes)
 *   tradeoffs: a legitimate `...` (an ellipsis in prose) is flagged; write `and so on` instead
 */

/** Phrases of template text that was left as is. Matched case-insensitively as whole phrases. */
export const TEMPLATE_PHRASES: readonly string[] = [
  'fill in',
  'fill me in',
  'describe why',
  'explain why',
  'your reason here',
  'reason here',
  'why this design',
  'add rationale',
  'add a rationale',
  'lorem ipsum',
  'placeholder',
  'changeme',
  'change me',
  'to be decided',
  'to be determined',
];

const MARKERS: readonly RegExp[] = [
  /\bTODO\b/i,
  /\bTBD\b/i,
  /\bFIXME\b/i,
  /\bx{3,}\b/i,
  /(?:^|\s)(?:\.{3}|…)(?:\s|$)/,
  /^(?:\.{2,}|…|-+|\?+|n\/a)$/i,
  // `<fill in>`, `<api name>`: an angle slot not glued to an identifier (so `Readonly<T>` is not one)
  /(?:^|[^\w$<>])<[^<>=\s][^<>=]*>/,
];
const CODE_MARKER_SOURCES = new Set([MARKERS[4]?.source, MARKERS[6]?.source]);

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface PlaceholderOptions {
  /** more template phrases (the project's own fix templates) */
  phrases?: readonly string[];
  /** skip the `<…>` and `...` checks (for JavaScript expressions, e.g. `@invariant`) */
  code?: boolean;
}

/**
 * True when `text` is, or contains, placeholder text: `TODO`, `TBD`, `FIXME`, `xxx`, a standalone
 * `...`/`…`, `<fill in>`-style angle brackets, or a template phrase like `describe why`.
 */
export function isPlaceholder(text: string, options: PlaceholderOptions = {}): boolean {
  const t = String(text)
    .replace(/`[^`]*`/g, ' ')
    .trim();
  if (t === '') return false;
  for (const re of MARKERS) {
    if (options.code && CODE_MARKER_SOURCES.has(re.source)) continue;
    if (re.test(t)) return true;
  }
  return phraseMatcher(options.phrases).test(t);
}

/** One compiled regex per phrase list (the default list is compiled once). */
function compilePhrases(phrases: readonly string[]): RegExp {
  const alternatives = phrases.map((p) => p.trim()).filter((p) => p !== '').map(escapeRe);
  return new RegExp(`(?:^|\\W)(?:${alternatives.join('|')})(?:\\W|$)`, 'i');
}
const DEFAULT_MATCHER = compilePhrases(TEMPLATE_PHRASES);
const extraMatchers = new Map<string, RegExp>();

function phraseMatcher(extra: readonly string[] | undefined): RegExp {
  if (!extra || extra.length === 0) return DEFAULT_MATCHER;
  const cacheKey = extra.join('\u0000');
  let re = extraMatchers.get(cacheKey);
  if (!re) {
    // A per-thread cache of compiled option lists; bounded so odd callers cannot grow it forever.
    if (extraMatchers.size > 32) extraMatchers.clear();
    re = compilePhrases([...TEMPLATE_PHRASES, ...extra]);
    extraMatchers.set(cacheKey, re);
  }
  return re;
}
