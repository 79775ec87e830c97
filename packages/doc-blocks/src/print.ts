/**
 * Blocks → canonical comment text, and the normal form used to compare blocks.
 *
 * @rationale One canonical layout: tag and head on one line, each field on its own line indented two
 *   spaces under the tag, continuation lines joined
 *   why: fix suggestions, generated docs and the round-trip property all need one spelling of a block;
 *     `parseDocComment(printBlock(b))` gives back `b` in normal form (see `normalizeBlock`).
 *   alternatives: keep the user's layout (no canonical form to compare against)
 *   tradeoffs: wrapped lines are printed as one long line
 */
import { TAG_FOR_KIND } from './grammar/index';
import type { Block, Field, FlowStep, ParsedDoc } from './types';

const SECTION_HEADINGS = /^(WHY THIS ARCHITECTURE|DESIGN DECISIONS|DATA FLOW)[ \t]*:$/i;

/** One line of text that is safe inside a comment: no line breaks, no `*\/`. */
function clean(text: string): string {
  return String(text)
    .replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ')
    .replace(/\*\//g, '*\\/')
    .trim();
}

function fieldLine(f: Pick<Field, 'key' | 'value'>): string {
  const value = clean(f.value);
  return value === '' ? `${f.key}:` : `${f.key}: ${value}`;
}

function stepLine(s: Pick<FlowStep, 'from' | 'to' | 'note'>, n: number): string {
  return `${n}. ${clean(s.from)} → ${clean(s.to)}${s.note !== undefined && s.note !== '' ? ` (${clean(s.note)})` : ''}`;
}

/**
 * The content lines of a block, without comment decoration (for callers that insert into an existing
 * comment). Tag style: `@tag head`, then `  key: value`. Section style is printed as a section.
 */
export function printBlockLines(block: Block): string[] {
  if (block.style === 'section') {
    const heading = SECTION_HEADINGS.test(block.tag) ? block.tag : block.kind === 'lineage' ? 'DATA FLOW:' : 'DESIGN DECISIONS:';
    if (block.kind === 'lineage') {
      const lines = [heading];
      (block.steps ?? []).forEach((s, i) => lines.push(stepLine(s, i + 1)));
      for (const f of block.fields) lines.push(`  ${fieldLine(f)}`);
      return lines;
    }
    return [heading, `- ${clean(block.head)}`, ...block.fields.map((f) => `    ${fieldLine(f)}`)];
  }
  const tag = TAG_FOR_KIND[block.kind] ?? block.tag;
  const head = clean(block.head);
  return [head === '' ? tag : `${tag} ${head}`, ...block.fields.map((f) => `  ${fieldLine(f)}`)];
}

/** Wrap content lines into a `/** … *\/` comment, each line prefixed with `indent + ' * '`. */
export function wrapComment(lines: readonly string[], indent = ''): string {
  const body = lines.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`));
  return [`/**`, ...body, `${indent} */`].join('\n');
}

/** The canonical form of one block as a full `/** … *\/` comment. */
export function printBlock(block: Block): string {
  return wrapComment(printBlockLines(block));
}

/**
 * A whole comment: description, then blocks (a blank line between them), then other tags.
 * Consecutive section-style rationale blocks under the same heading share the heading.
 */
export function printDoc(doc: Pick<ParsedDoc, 'description' | 'blocks'> & Partial<Pick<ParsedDoc, 'otherTags'>>, indent = ''): string {
  const lines: string[] = [];
  if (doc.description.trim() !== '') lines.push(...doc.description.trim().split(/\r\n|\r|\n/).map((l) => l.replace(/\*\//g, '*\\/')));
  let lastHeading: string | undefined;
  for (const block of doc.blocks) {
    const blockLines = printBlockLines(block);
    const heading = block.style === 'section' && block.kind === 'rationale' ? blockLines[0] : undefined;
    if (heading !== undefined && heading === lastHeading) {
      lines.push(...blockLines.slice(1));
    } else {
      if (lines.length > 0) lines.push('');
      lines.push(...blockLines);
    }
    lastHeading = heading;
  }
  for (const t of doc.otherTags ?? []) {
    const [first = '', ...rest] = t.text.split('\n');
    lines.push(clean(`${t.tag} ${first}`), ...rest.map((l) => l.replace(/\*\//g, '*\\/')));
  }
  return wrapComment(lines, indent);
}

/** A block without positions: what stays equal through print → parse. */
export type BlockNormalForm = Omit<Block, 'loc' | 'headLoc' | 'blockLoc' | 'fields' | 'steps'> & {
  fields: Omit<Field, 'loc' | 'valueLoc'>[];
  steps?: Omit<FlowStep, 'loc'>[];
};

/** Drop every position from a block (for comparing blocks from different texts). */
export function stripPositions(block: Block): BlockNormalForm {
  const out: BlockNormalForm = {
    kind: block.kind,
    style: block.style,
    tag: block.tag,
    head: block.head,
    fields: block.fields.map((f) => {
      const g: Omit<Field, 'loc' | 'valueLoc'> = { key: f.key, value: f.value };
      if (f.parsed !== undefined) g.parsed = f.parsed;
      return g;
    }),
  };
  if (block.steps !== undefined) {
    out.steps = block.steps.map((s) => {
      const t: Omit<FlowStep, 'loc'> = { from: s.from, to: s.to };
      if (s.note !== undefined) t.note = s.note;
      return t;
    });
  }
  return out;
}

/**
 * The normal form of a block: positions dropped, the tag spelled canonically, text as `printBlock`
 * writes it. `normalizeBlock(parseDocComment(printBlock(b)).blocks[0]) ≡ normalizeBlock(b)` for every
 * block whose keys are identifiers and whose heads/values/steps do not contain `*\/`.
 */
export function normalizeBlock(block: Block): BlockNormalForm {
  const n = stripPositions(block);
  if (block.style === 'tag') n.tag = TAG_FOR_KIND[block.kind] ?? block.tag;
  n.head = clean(n.head);
  n.fields = n.fields.map((f) => ({ ...f, value: clean(f.value) }));
  if (n.steps) n.steps = n.steps.map((s) => ({ ...s, from: clean(s.from), to: clean(s.to) }));
  return n;
}
