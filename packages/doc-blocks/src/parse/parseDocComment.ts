/**
 * Comment text → blocks, fields, steps and other tags, with positions.
 *
 * @rationale A single forward pass over lines with one open container at a time
 *   why: a block ends at the next tag, a section heading, or the first unindented line after it;
 *     deciding line by line keeps the parser linear (a 10,000-line comment parses in milliseconds)
 *     and lets it never throw: every line is either consumed by the open container or becomes prose.
 *   alternatives: a TSDoc DocNode walk (no field positions, drops the section style); regexes over
 *     the whole text (positions get lost, CRLF breaks them)
 *   tradeoffs: indentation is significant (fields are indented under their tag), as in YAML
 *   revisit: if TSDoc ever grows structured block content
 */
import { fieldSpecFor, kindForTag, kindForTagIgnoringCase, misspeltTag } from '../grammar/index';
import type { KindSpec } from '../grammar/spec';
import type { Block, Field, FlowStep, ParsedDoc, Span } from '../types';
import { parseFlowStep } from './flow';
import { splitComment, type CommentLine, type SplitResult } from './lines';

const TAG_RE = /^@([A-Za-z][A-Za-z0-9]*)(?=$|[\s{:])/;
const KEY_RE = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?=[ \t]|$)/;
const SECTION_RE = /^(WHY THIS ARCHITECTURE|DESIGN DECISIONS|DATA FLOW)[ \t]*:$/i;
const BULLET_RE = /^(?:[-*•+]|\d{1,3}[.)])(?=[ \t])/;
const FENCE_RE = /^(```|~~~)/;
const ARROW_RE = /→|⟶|->|=>/;

interface OpenBlock {
  type: 'block';
  block: Block;
  spec: KindSpec;
  /** indentation of the tag (or the bullet) */
  indent: number;
  /** the field that continuation lines join */
  open?: Field;
  sawBlank: boolean;
  /** the bullet of a section-style rationale (ends on the next bullet) */
  section?: OpenSection;
}

interface OpenSection {
  type: 'section';
  kind: 'rationale' | 'lineage';
  heading: string;
  indent: number;
  /** DATA FLOW only */
  flow?: Block;
  step?: { text: string; start: number; end: number; indent: number } | undefined;
  sawBlank: boolean;
  /** blocks started under this heading */
  count: number;
}

interface OpenOther {
  type: 'other';
  entry: ParsedDoc['otherTags'][number];
  lines: string[];
  inFence: boolean;
}

type Open = OpenBlock | OpenSection | OpenOther;

/**
 * Parse a whole `/** … *\/` comment (or its inner text) into pipeguard blocks. Never throws: input that
 * makes no sense ends up as prose, `otherTags` or `problems`.
 */
export function parseDocComment(text: string): ParsedDoc {
  const doc: ParsedDoc = { description: '', blocks: [], otherTags: [], problems: [] };
  try {
    parseInto(typeof text === 'string' ? text : String(text), doc);
  } catch (error) {
    // Defensive: a bug here must not crash ESLint. Reported as a problem at the start of the comment.
    const at = { offset: 0, line: 1, column: 0 };
    doc.problems.push({
      code: 'internal-error',
      message: `pipeguard could not parse this comment (${error instanceof Error ? error.message : String(error)}); please report it`,
      loc: { start: at, end: at },
    });
  }
  return doc;
}

function parseInto(text: string, doc: ParsedDoc): void {
  const split = splitComment(text);
  const { lines, spanOf } = split;
  if (split.unterminated) {
    doc.problems.push({
      code: 'unterminated-comment',
      message: 'the comment opens with `/*` but never closes: end it with `*/`',
      loc: spanOf(text.length, text.length),
    });
  }
  const description: string[] = [];
  let seenBlock = false;
  let proseFence = false;
  let open: Open | undefined;

  const close = (): void => {
    if (!open) return;
    if (open.type === 'block') {
      finishBlock(open);
      if (open.section) open = open.section;
      else {
        open = undefined;
        return;
      }
    }
    if (open.type === 'section') {
      finishStep(open, doc, split);
      if (open.flow) finishFlow(open.flow);
    } else if (open.type === 'other') {
      open.entry.text = open.lines.join('\n').trim();
    }
    open = undefined;
  };

  for (const line of lines) {
    const inOtherFence = open?.type === 'other' && open.inFence;
    if (!line.blank && !proseFence && !inOtherFence) {
      const tag = TAG_RE.exec(line.body);
      if (tag) {
        close();
        seenBlock = true;
        open = startTag(line, tag[0], doc, split);
        continue;
      }
      const heading = SECTION_RE.exec(line.body);
      if (heading && !(open?.type === 'block' && !open.section && line.indent > open.indent)) {
        close();
        seenBlock = true;
        open = startSection(line, heading[1] ?? '', doc, split);
        continue;
      }
    }
    let fed = open ? feed(open, line, doc, split) : false;
    if (fed === false && open?.type === 'block' && open.section) {
      // A section bullet ended: hand the line back to its section.
      const section: OpenSection = open.section;
      finishBlock(open);
      open = section;
      fed = feed(open, line, doc, split);
    }
    if (fed !== false) {
      if (fed !== true) open = fed;
      continue;
    }
    // Fell out of the open container (or there was none): the line is prose.
    close();
    if (!seenBlock) description.push(line.raw);
    if (FENCE_RE.test(line.body)) proseFence = !proseFence;
  }
  close();
  doc.description = description.join('\n').trim();
}

function emptySpanAt(split: SplitResult, offset: number): Span {
  return split.spanOf(offset, offset);
}

function startTag(line: CommentLine, tagText: string, doc: ParsedDoc, split: SplitResult): Open {
  const tagStart = line.bodyStart;
  const tagEnd = tagStart + tagText.length;
  const loc = split.spanOf(tagStart, tagEnd);
  let kind = kindForTag(tagText);
  if (!kind) {
    kind = kindForTagIgnoringCase(tagText);
    if (kind) {
      doc.problems.push({
        code: 'tag-case',
        message: `\`${tagText}\` is read as \`${fieldSpecFor(kind).tag}\`: write it \`${fieldSpecFor(kind).tag}\` (TSDoc tags are case-sensitive)`,
        loc,
      });
    }
  }
  const rest = line.body.slice(tagText.length);
  const headOffset = tagEnd + (rest.length - rest.trimStart().length);
  const head = rest.trim();
  if (!kind) {
    const suggestion = misspeltTag(tagText);
    if (suggestion) {
      doc.problems.push({
        code: 'unknown-tag',
        message: `\`${tagText}\` is not a known tag; did you mean \`${suggestion}\`? As written pipeguard ignores it`,
        loc,
      });
    }
    const entry = { tag: tagText, text: head, loc };
    doc.otherTags.push(entry);
    return { type: 'other', entry, lines: head === '' ? [] : [head], inFence: false };
  }
  const headLoc = head === '' ? emptySpanAt(split, tagEnd) : split.spanOf(headOffset, line.contentEnd);
  const block: Block = {
    kind,
    style: 'tag',
    tag: tagText,
    head,
    fields: [],
    loc,
    headLoc,
    blockLoc: split.spanOf(tagStart, line.contentEnd),
  };
  doc.blocks.push(block);
  return { type: 'block', block, spec: fieldSpecFor(kind), indent: line.indent, sawBlank: false };
}

function startSection(line: CommentLine, name: string, doc: ParsedDoc, split: SplitResult): OpenSection {
  const kind = /data flow/i.test(name) ? 'lineage' : 'rationale';
  const section: OpenSection = { type: 'section', kind, heading: line.body, indent: line.indent, sawBlank: false, count: 0 };
  if (kind === 'lineage') {
    const loc = split.spanOf(line.bodyStart, line.contentEnd);
    const block: Block = {
      kind: 'lineage',
      style: 'section',
      tag: line.body,
      head: '',
      fields: [],
      steps: [],
      loc,
      headLoc: emptySpanAt(split, line.contentEnd),
      blockLoc: loc,
    };
    doc.blocks.push(block);
    section.flow = block;
  }
  return section;
}

function extendBlock(block: Block, split: SplitResult, end: number): void {
  if (end > block.blockLoc.end.offset) block.blockLoc = { start: block.blockLoc.start, end: split.positionAt(end) };
}

function newField(line: CommentLine, key: string, matchLen: number, split: SplitResult): Field {
  const afterKey = line.bodyStart + matchLen;
  const restRaw = line.body.slice(matchLen);
  const valueStart = afterKey + (restRaw.length - restRaw.trimStart().length);
  const value = restRaw.trim();
  return {
    key,
    value,
    loc: split.spanOf(line.bodyStart, line.contentEnd),
    valueLoc: value === '' ? split.spanOf(line.contentEnd, line.contentEnd) : split.spanOf(valueStart, line.contentEnd),
  };
}

function appendToField(field: Field, line: CommentLine, split: SplitResult): void {
  if (field.value === '') {
    field.value = line.body;
    field.valueLoc = split.spanOf(line.bodyStart, line.contentEnd);
  } else {
    field.value = `${field.value} ${line.body}`;
    field.valueLoc = { start: field.valueLoc.start, end: split.positionAt(line.contentEnd) };
  }
  field.loc = { start: field.loc.start, end: split.positionAt(line.contentEnd) };
}

function appendToHead(block: Block, line: CommentLine, split: SplitResult): void {
  if (block.head === '') {
    block.head = line.body;
    block.headLoc = split.spanOf(line.bodyStart, line.contentEnd);
  } else {
    block.head = `${block.head} ${line.body}`;
    block.headLoc = { start: block.headLoc.start, end: split.positionAt(line.contentEnd) };
  }
}

/**
 * Offer a line to the open container: false when the line does not belong to it, true when consumed,
 * or the container that replaces the open one (a section hands over to the bullet it starts).
 */
function feed(open: Open, line: CommentLine, doc: ParsedDoc, split: SplitResult): boolean | Open {
  if (open.type === 'other') {
    open.lines.push(line.raw.trimEnd());
    if (FENCE_RE.test(line.body)) open.inFence = !open.inFence;
    return true;
  }
  if (open.type === 'section') return feedSection(open, line, doc, split);
  return feedBlock(open, line, split);
}

function feedBlock(open: OpenBlock, line: CommentLine, split: SplitResult): boolean {
  const { block, spec } = open;
  if (line.blank) {
    open.sawBlank = true;
    return true;
  }
  const key = KEY_RE.exec(line.body);
  if (line.indent > open.indent) {
    // A `key:` line starts a field at any depth (a mis-indented `timeout:` is still a field, and a typo
    // like `whyy:` is reported rather than swallowed); other indented lines continue what came before.
    if (key) {
      const field = newField(line, key[1] ?? '', key[0].length, split);
      block.fields.push(field);
      open.open = field;
    } else if (open.open) {
      appendToField(open.open, line, split);
    } else {
      appendToHead(block, line, split);
    }
    extendBlock(block, split, line.contentEnd);
    return true;
  }
  if (open.sawBlank) return false;
  if (key && spec.keys.some((k) => k.key === key[1])) {
    const field = newField(line, key[1] ?? '', key[0].length, split);
    block.fields.push(field);
    open.open = field;
    extendBlock(block, split, line.contentEnd);
    return true;
  }
  if (spec.multilineHead && block.fields.length === 0 && !(open.section && BULLET_RE.test(line.body))) {
    appendToHead(block, line, split);
    extendBlock(block, split, line.contentEnd);
    return true;
  }
  return false;
}

function feedSection(open: OpenSection, line: CommentLine, doc: ParsedDoc, split: SplitResult): boolean | Open {
  if (line.blank) {
    open.sawBlank = true;
    return true;
  }
  const bullet = BULLET_RE.exec(line.body);
  if (open.kind === 'rationale') {
    if (bullet || open.count === 0 || line.indent > open.indent) {
      // A bullet, or (with no bullets) a paragraph under the heading: one rationale block each.
      const markerEnd = line.bodyStart + (bullet ? bullet[0].length : 0);
      const restRaw = line.body.slice(bullet ? bullet[0].length : 0);
      const headStart = markerEnd + (restRaw.length - restRaw.trimStart().length);
      const block: Block = {
        kind: 'rationale',
        style: 'section',
        tag: open.heading,
        head: restRaw.trim(),
        fields: [],
        loc: bullet ? split.spanOf(line.bodyStart, markerEnd) : split.spanOf(line.bodyStart, line.bodyStart),
        headLoc: restRaw.trim() === '' ? emptySpanAt(split, line.contentEnd) : split.spanOf(headStart, line.contentEnd),
        blockLoc: split.spanOf(line.bodyStart, line.contentEnd),
      };
      doc.blocks.push(block);
      open.sawBlank = false;
      open.count++;
      // Hand over to a block container; when it ends, the main loop returns to this section.
      return { type: 'block', block, spec: fieldSpecFor('rationale'), indent: line.indent, sawBlank: false, section: open };
    }
    return false;
  }
  // DATA FLOW
  const flow = open.flow;
  if (!flow) return false;
  const key = KEY_RE.exec(line.body);
  if (key && fieldSpecFor('lineage').keys.some((k) => k.key === key[1]) && line.indent > open.indent - 1) {
    finishStep(open, doc, split);
    const field = newField(line, key[1] ?? '', key[0].length, split);
    flow.fields.push(field);
    extendBlock(flow, split, line.contentEnd);
    return true;
  }
  if (bullet) {
    finishStep(open, doc, split);
    open.step = { text: line.body.slice(bullet[0].length).trim(), start: line.bodyStart, end: line.contentEnd, indent: line.indent };
    open.sawBlank = false;
    extendBlock(flow, split, line.contentEnd);
    return true;
  }
  if (open.step && line.indent > open.step.indent && !open.sawBlank) {
    open.step.text = `${open.step.text} ${line.body}`;
    open.step.end = line.contentEnd;
    extendBlock(flow, split, line.contentEnd);
    return true;
  }
  // An unnumbered `A → B` line right under the heading or after a step is a step too.
  if ((!open.sawBlank || flow.steps?.length === 0) && ARROW_RE.test(line.body)) {
    finishStep(open, doc, split);
    open.step = { text: line.body, start: line.bodyStart, end: line.contentEnd, indent: line.indent };
    open.sawBlank = false;
    extendBlock(flow, split, line.contentEnd);
    return true;
  }
  return false;
}

function finishStep(open: OpenSection, doc: ParsedDoc, split: SplitResult): void {
  const step = open.step;
  const flow = open.flow;
  if (!step || !flow) return;
  open.step = undefined;
  const loc = split.spanOf(step.start, step.end);
  const raw = parseFlowStep(step.text);
  if (raw.length === 0) {
    doc.problems.push({
      code: 'bad-flow-step',
      message: `the DATA FLOW step \`${step.text}\` has no arrow: write \`source → destination (why)\``,
      loc,
    });
    return;
  }
  for (const r of raw) {
    const s: FlowStep = { from: r.from, to: r.to, loc };
    if (r.note !== undefined) s.note = r.note;
    flow.steps?.push(s);
  }
}

function finishFlow(flow: Block): void {
  for (const f of flow.fields) attachParsed(f, fieldSpecFor('lineage'));
}

function attachParsed(field: Field, spec: KindSpec): void {
  const keySpec = spec.keys.find((k) => k.key === field.key);
  if (!keySpec?.parse) return;
  const r = keySpec.parse(field.value);
  if (r.ok) field.parsed = r.parsed;
}

function finishBlock(open: OpenBlock): void {
  for (const f of open.block.fields) attachParsed(f, open.spec);
}
