import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_KINDS,
  FIELD_SPECS,
  TAG_FOR_KIND,
  normalizeBlock,
  parseDocComment,
  printBlock,
  printDoc,
  stripPositions,
  validateDoc,
} from '../src/index';
import type { Block, BlockKind } from '../src/index';

const at = { offset: 0, line: 1, column: 0 };
const span = { start: at, end: at };

function block(kind: BlockKind, head: string, fields: [string, string][], style: 'tag' | 'section' = 'tag'): Block {
  return {
    kind,
    style,
    tag: style === 'tag' ? TAG_FOR_KIND[kind] : kind === 'lineage' ? 'DATA FLOW:' : 'WHY THIS ARCHITECTURE:',
    head,
    fields: fields.map(([key, value]) => ({ key, value, loc: span, valueLoc: span })),
    loc: span,
    headLoc: span,
    blockLoc: span,
  };
}

/** The parts a round trip must keep (parsed values are compared separately). */
const shape = (b: Block) => {
  const n = normalizeBlock(b);
  return { ...n, fields: n.fields.map((f) => ({ key: f.key, value: f.value })) };
};

describe('printBlock', () => {
  it('prints the canonical form', () => {
    const b = block('rateLimit', 'openai.chat', [
      ['limit', '10 req/s'],
      ['retry', 'retries=2 on=429,5xx'],
      ['timeout', 'attempt=10m'],
    ]);
    expect(printBlock(b)).toBe(
      ['/**', ' * @rateLimit openai.chat', ' *   limit: 10 req/s', ' *   retry: retries=2 on=429,5xx', ' *   timeout: attempt=10m', ' */'].join('\n'),
    );
    expect(normalizeBlock(parseDocComment(printBlock(b)).blocks[0] as Block)).toEqual({
      ...shape(b),
      fields: [
        { key: 'limit', value: '10 req/s', parsed: { kind: 'rates', value: [{ amount: 10, unit: 'req', windowMs: 1000 }] } },
        { key: 'retry', value: 'retries=2 on=429,5xx', parsed: { kind: 'retry', value: { retries: 2, on: ['429', '5xx'] } } },
        { key: 'timeout', value: 'attempt=10m', parsed: { kind: 'timeout', value: { attemptMs: 600_000 } } },
      ],
    });
  });

  it('canonicalises wrapped and mis-cased input', () => {
    const doc = parseDocComment('/**\n * @ratelimit a.b\n *   limit: 1 req/s,\n *     2 rows/min\n */');
    expect(printBlock(doc.blocks[0] as Block)).toBe('/**\n * @rateLimit a.b\n *   limit: 1 req/s, 2 rows/min\n */');
  });

  it('never lets a value close the comment', () => {
    const printed = printBlock(block('rationale', 'a */ b', [['why', 'c */ d']]));
    expect(printed.indexOf('*/')).toBe(printed.length - 2);
    expect(parseDocComment(printed).blocks[0]?.head).toBe('a *\\/ b');
  });

  it('section style round trips as a section', () => {
    const seed = '/**\n * DATA FLOW:\n * 1. Raw events → Kafka (for replay)\n * 2. Kafka → Delta Lake\n */';
    const b = parseDocComment(seed).blocks[0] as Block;
    expect(printBlock(b)).toBe(seed);
    const r = parseDocComment('/**\n * WHY THIS ARCHITECTURE:\n * - Chose Spark because volume exceeds 10TB\n */').blocks[0] as Block;
    expect(stripPositions(parseDocComment(printBlock(r)).blocks[0] as Block)).toEqual(stripPositions(r));
  });

  it('printDoc keeps description, shared section headings and other tags', () => {
    const text = [
      '/**',
      ' * Loads orders.',
      ' *',
      ' * WHY THIS ARCHITECTURE:',
      ' * - First reason here',
      ' * - Second reason here',
      ' *',
      ' * @lineage load',
      ' *   in: file a.csv',
      ' * @param path the file',
      ' */',
    ].join('\n');
    expect(printDoc(parseDocComment(text))).toBe(text);
  });
});

// ---- properties -------------------------------------------------------------------------------

const word = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9_äöü日][A-Za-z0-9_.,;=()'"/%äöü日-]{0,11}$/), fc.constantFrom('', '🚀', '👩‍💻', '\t'))
  .map(([w, extra]) => (extra === '\t' ? w : w + extra));
const oneLine = fc
  .array(word, { minLength: 1, maxLength: 6 })
  .map((ws) => ws.join(' '))
  .filter((s) => !/\*\//.test(s));
const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,9}$/);

const tagBlock = fc
  .record({
    kind: fc.constantFrom(...BLOCK_KINDS),
    head: fc.oneof(oneLine, fc.constant('')),
    fields: fc.array(fc.tuple(key, fc.oneof(oneLine, fc.constant(''))), { maxLength: 6 }),
  })
  .chain(({ kind, head, fields }) =>
    fc
      .array(fc.tuple(fc.constantFrom(...(FIELD_SPECS[kind].keys.map((k) => k.key).concat(['x']))), oneLine), { maxLength: 4 })
      .map((known) => block(kind, head, [...known, ...fields])),
  );

const sectionRationale = fc
  .tuple(oneLine, fc.array(fc.tuple(key, oneLine), { maxLength: 3 }), fc.constantFrom('WHY THIS ARCHITECTURE:', 'DESIGN DECISIONS:'))
  .map(([head, fields, heading]) => ({ ...block('rationale', head, fields, 'section'), tag: heading }));

const stage = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}(?: [A-Za-z0-9_]{1,8}){0,2}$/).filter((s) => !/\bto\b/i.test(s));
const flowBlock = fc
  .array(fc.record({ from: stage, to: stage, note: fc.option(stage, { nil: undefined }) }), { minLength: 1, maxLength: 5 })
  .map((steps) => {
    const b = block('lineage', '', [], 'section');
    b.steps = steps.map((s) => (s.note === undefined ? { from: s.from, to: s.to, loc: span } : { ...s, note: s.note, loc: span }));
    return b;
  });

describe('properties', () => {
  it('parseDocComment never throws and positions stay inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: fc.constantFrom('/', '*', ' ', '\n', '\r', '\t', '@', 'a', ':', '-', '1', '.', '→', 'DATA FLOW:', '@lineage', '@rationale', '  in: ', 'why: '), maxLength: 80 })), (text) => {
        const doc = parseDocComment(text);
        for (const b of doc.blocks) {
          for (const s of [b.loc, b.headLoc, b.blockLoc, ...b.fields.flatMap((f) => [f.loc, f.valueLoc])]) {
            expect(s.start.offset).toBeGreaterThanOrEqual(0);
            expect(s.end.offset).toBeLessThanOrEqual(text.length);
            expect(s.start.offset).toBeLessThanOrEqual(s.end.offset);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('validateDoc never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('/**', '*/', '\n', ' ', '  ', '@rateLimit', '@lineage', 'limit:', 'retry:', 'retries=', '5xx', '10 req/s', 'in:', 'file', 'x', 'TODO', 'DATA FLOW:', '1.', '→'), maxLength: 60 }), fc.integer({ min: 0, max: 20 }), (text, minWords) => {
        const d = validateDoc(parseDocComment(text), { minWords, namespaceAliases: { a: 'b' } });
        expect(Array.isArray(d)).toBe(true);
        expect(d.every((x) => x.code !== 'internal-error')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('validateDoc reuses the values parseDocComment parsed: same diagnostics as parsing every value again', () => {
    // values that parse for some keys and draw the checks made after parsing (alias namespaces, retries without `on=`)
    const TRICKY: Record<string, string[]> = {
      in: ['$wh main.orders', '$nope main.orders', '$ main.x', 'file data/x.csv'],
      out: ['$wh main.orders', '$nope main.orders', 'sqlite main.t mode=append'],
      retry: ['retries=2', 'retries=0', 'retries=3 on=429', 'retries=2 on='],
    };
    // each kind's keys with their documented example value (which parses), a mangled one (which may not) or random words
    const exampleBlock = fc.constantFrom(...BLOCK_KINDS.filter((k) => FIELD_SPECS[k].keys.length > 0)).chain((kind) =>
      fc
        .array(
          fc.constantFrom(...FIELD_SPECS[kind].keys).chain((k) =>
            fc.tuple(fc.constant(k.key), fc.oneof(fc.constantFrom(k.example, ...(TRICKY[k.key] ?? [])), word.map((w) => `${k.example} ${w}`), word.map((w) => `${w} ${k.example}`), oneLine)),
          ),
          { maxLength: 6 },
        )
        .map((fields) => block(kind, FIELD_SPECS[kind].headExample, fields)),
    );
    const withoutParsed = (doc: ReturnType<typeof parseDocComment>) => ({
      ...doc,
      blocks: doc.blocks.map((b) => ({ ...b, fields: b.fields.map(({ parsed: _parsed, ...f }) => f) })),
    });
    let parsedFields = 0;
    fc.assert(
      fc.property(exampleBlock, fc.integer({ min: 0, max: 12 }), fc.boolean(), (b, minWords, aliases) => {
        const doc = parseDocComment(printBlock(b));
        parsedFields += doc.blocks.flatMap((x) => x.fields).filter((f) => f.parsed !== undefined).length;
        // (not checkColumnDatasets: that check reads `parsed` itself, so stripping it would change its answer)
        const options = { minWords, ...(aliases ? { namespaceAliases: { wh: 'postgres://warehouse:5432' } } : {}) };
        expect(validateDoc(doc, options)).toEqual(validateDoc(withoutParsed(doc), options));
      }),
      { numRuns: 400 },
    );
    // the property must have compared documents that carry parsed values (0 if the parser stopped filling
    // `parsed`). Over seeds 1–300 the count was 99–181, median 135: a floor of 100 failed about 1 run in
    // 100 (it did in CI at 19:53); 40 is far below any seed's count and still catches 0.
    expect(parsedFields).toBeGreaterThan(40);
  });

  it('print → parse round trip (tag style)', () => {
    fc.assert(
      fc.property(tagBlock, (b) => {
        const parsed = parseDocComment(printBlock(b));
        expect(parsed.blocks).toHaveLength(1);
        const back = parsed.blocks[0] as Block;
        expect(shape(back)).toEqual(shape(b));
        // printing is a fixpoint
        expect(printBlock(back)).toBe(printBlock(b));
      }),
      { numRuns: 300 },
    );
  });

  it('print → parse round trip (section style)', () => {
    fc.assert(
      fc.property(fc.oneof(sectionRationale, flowBlock), (b) => {
        const back = parseDocComment(printBlock(b)).blocks[0] as Block;
        expect(shape(back)).toEqual(shape(b));
      }),
      { numRuns: 300 },
    );
  });

  it('printDoc → parse keeps every block, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(tagBlock, sectionRationale, flowBlock), { maxLength: 5 }), oneLine, (blocks, description) => {
        const doc = parseDocComment(printDoc({ description, blocks }));
        expect(doc.description).toBe(description);
        expect(doc.blocks.map(shape)).toEqual(blocks.map(shape));
      }),
      { numRuns: 200 },
    );
  });
});
