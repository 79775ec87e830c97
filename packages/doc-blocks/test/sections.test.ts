import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getLineageSpec, parseDocComment, validateDoc } from '../src/index';
import type { Block, Position } from '../src/index';

const c = (...lines: string[]): string => ['/**', ...lines.map((l) => ` * ${l}`), ' */'].join('\n');

describe('section style', () => {
  it('a paragraph under a heading is one rationale block; wrapped bullets join', () => {
    const doc = parseDocComment(
      c('WHY THIS ARCHITECTURE:', 'We keep everything in one SQLite file because the demo', 'must run with no services.', '', 'DESIGN DECISIONS:', '- Money is stored as integer cents', '  so sums never drift', '* Events are deduplicated on (source, id)'),
    );
    expect(doc.blocks.map((b) => [b.tag, b.head])).toEqual([
      ['WHY THIS ARCHITECTURE:', 'We keep everything in one SQLite file because the demo must run with no services.'],
      ['DESIGN DECISIONS:', 'Money is stored as integer cents so sums never drift'],
      ['DESIGN DECISIONS:', 'Events are deduplicated on (source, id)'],
    ]);
    expect(doc.blocks[1]?.headLoc.end.line).toBe(8);
  });

  it('bullets may carry indented fields', () => {
    const doc = parseDocComment(c('DESIGN DECISIONS:', '- Use SQLite', '    why: one file, no server', '    revisit: when two writers appear'));
    expect(doc.blocks[0]?.fields.map((f) => [f.key, f.value])).toEqual([
      ['why', 'one file, no server'],
      ['revisit', 'when two writers appear'],
    ]);
    expect(validateDoc(doc)).toEqual([]);
  });

  it('a short bullet without why is reported at the bullet text', () => {
    const d = validateDoc(parseDocComment(c('DESIGN DECISIONS:', '- Use SQLite')));
    expect(d.map((x) => [x.code, x.loc.start.line, x.loc.start.column])).toEqual([['rationale-too-short', 3, 5]]);
    expect(d[0]?.message).toContain('`DESIGN DECISIONS:` item');
  });

  it('prose after a blank line ends the section', () => {
    const doc = parseDocComment(c('DESIGN DECISIONS:', '- Use SQLite because the demo must run without services', '', 'Unrelated closing prose.'));
    expect(doc.blocks).toHaveLength(1);
  });

  it('DATA FLOW: chains, `to`, ASCII arrows, notes with arrows inside, fields', () => {
    const doc = parseDocComment(
      c(
        'DATA FLOW:',
        '1. CSV inbox → validate → staging (rejects go to quarantine)',
        '2) staging to SQLite orders',
        '- orders -> report (daily -> weekly rollup)',
        '  out: sqlite main.report',
      ),
    );
    const b = doc.blocks[0] as Block;
    expect(b.steps?.map((s) => [s.from, s.to, s.note])).toEqual([
      ['CSV inbox', 'validate', undefined],
      ['validate', 'staging', 'rejects go to quarantine'],
      ['staging', 'SQLite orders', undefined],
      ['orders', 'report', 'daily -> weekly rollup'],
    ]);
    expect(b.fields.map((f) => f.key)).toEqual(['out']);
    const spec = getLineageSpec(b);
    expect(spec.inputs.map((d) => d.name)).toEqual(['CSV inbox']);
    expect(spec.outputs.map((d) => [d.namespace, d.name])).toEqual([
      ['sqlite', 'main.report'],
      ['flow', 'report'],
    ]);
  });

  it('unnumbered arrow lines are steps too', () => {
    const doc = parseDocComment(c('DATA FLOW:', 'Raw events → Kafka → Spark', 'Spark -> Delta Lake (ACID)', '', 'Closing prose, not a step.'));
    expect(doc.blocks[0]?.steps?.map((s) => [s.from, s.to])).toEqual([
      ['Raw events', 'Kafka'],
      ['Kafka', 'Spark'],
      ['Spark', 'Delta Lake'],
    ]);
    expect(doc.problems).toEqual([]);
  });

  it('a step continued on an indented line', () => {
    const doc = parseDocComment(c('DATA FLOW:', '1. Raw events → Kafka', '   (for buffering and replay)'));
    expect(doc.blocks[0]?.steps?.[0]).toMatchObject({ from: 'Raw events', to: 'Kafka', note: 'for buffering and replay' });
  });

  it('headings are case-insensitive and need their own line', () => {
    expect(parseDocComment(c('Data flow:', '1. a → b')).blocks[0]?.steps).toHaveLength(1);
    expect(parseDocComment(c('The DATA FLOW: is simple')).blocks).toEqual([]);
  });

  it('a section heading ends a tag block; a tag ends a section', () => {
    const doc = parseDocComment(c('@rationale Use a queue', '  why: bursts', 'DATA FLOW:', '1. a → b', '@transform'));
    expect(doc.blocks.map((b) => b.kind)).toEqual(['rationale', 'lineage', 'transform']);
  });
});

/** Independently compute line/column of an offset (CRLF, CR, LF). */
function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line: breaks.length + 1, column: offset - lastBreak - 1 };
}

describe('position properties', () => {
  const piece = fc.constantFrom('/**', '*/', ' * ', '\n', '\r\n', '\r', '\t', '  ', '@rationale', '@lineage x', '  why: ', '  in: file a', 'DATA FLOW:', '1. a → b', '- bullet', 'WHY THIS ARCHITECTURE:', 'text', '🚀', 'é');
  it('line and column always agree with the offset, and tags sit where the span says', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const doc = parseDocComment(text);
        const check = (p: Position): void => expect({ line: p.line, column: p.column }).toEqual(lineCol(text, p.offset));
        for (const b of doc.blocks) {
          for (const s of [b.loc, b.headLoc, b.blockLoc, ...b.fields.flatMap((f) => [f.loc, f.valueLoc]), ...(b.steps ?? []).map((s) => s.loc)]) {
            check(s.start);
            check(s.end);
          }
          if (b.style === 'tag') expect(text.slice(b.loc.start.offset, b.loc.end.offset)).toBe(b.tag);
          for (const f of b.fields) expect(text.slice(f.loc.start.offset).startsWith(f.key)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
