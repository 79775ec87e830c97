/** `DATA FLOW:` step text → from/to/note, respecting parentheses. */

export interface RawStep {
  from: string;
  to: string;
  note?: string;
}

const ARROWS = ['→', '⟶', '->', '=>'];

/** Split at depth-0 occurrences of any of `seps` (parentheses nest; quotes are not special). */
function splitTopLevel(text: string, matchAt: (i: number) => number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0) {
      const len = matchAt(i);
      if (len > 0) {
        parts.push(text.slice(start, i));
        start = i + len;
        i += len - 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** `Kafka (for buffering)` → name `Kafka`, note `for buffering`. A scan, not a regex: linear on any input. */
function withNote(segment: string): { name: string; note?: string } {
  const t = segment.trim();
  if (!t.endsWith(')')) return { name: t };
  const open = t.lastIndexOf('(');
  if (open <= 0 || t.indexOf(')', open) !== t.length - 1) return { name: t };
  const name = t.slice(0, open).trim();
  if (name === '') return { name: t };
  return { name, note: t.slice(open + 1, -1).trim() };
}

/**
 * `Raw events → Kafka (for buffering)` → one step; `A → B → C` → two steps. The word `to` works as an
 * arrow only when no arrow symbol is present. Returns [] when there is no arrow.
 */
export function parseFlowStep(text: string): RawStep[] {
  let parts = splitTopLevel(text, (i) => {
    for (const a of ARROWS) if (text.startsWith(a, i)) return a.length;
    return 0;
  });
  if (parts.length < 2) {
    parts = splitTopLevel(text, (i) => (/^\sto\s/i.test(text.slice(i, i + 4)) ? 4 : 0));
  }
  if (parts.length < 2) return [];
  const segs = parts.map(withNote);
  const steps: RawStep[] = [];
  for (let i = 0; i + 1 < segs.length; i++) {
    const from = segs[i]?.name ?? '';
    const toSeg = segs[i + 1];
    if (!toSeg || from === '' || toSeg.name === '') return [];
    const step: RawStep = { from, to: toSeg.name };
    if (toSeg.note !== undefined && toSeg.note !== '') step.note = toSeg.note;
    steps.push(step);
  }
  return steps;
}
