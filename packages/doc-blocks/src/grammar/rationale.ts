/** `@rationale` — why this design. Head required; `why:` required unless the head has `minWords` words. */
import type { KindSpec } from './spec';

export const rationaleSpec: KindSpec = {
  kind: 'rationale',
  tag: '@rationale',
  syntaxKind: 'block',
  head: 'required',
  headDescription: 'the decision, in one line',
  headExample: 'Store money as INTEGER cents, not REAL',
  multilineHead: true,
  summary: 'Why this design: the decision, why, the alternatives and tradeoffs, and when to revisit it.',
  generator: false,
  required: [],
  keys: [
    { key: 'why', description: 'the reason for the decision', example: 'SQLite REAL is binary floating point; sums drift by whole cents' },
    { key: 'alternatives', description: 'what else was considered and why not', example: 'TEXT decimals (slow to aggregate); REAL rounded on read' },
    { key: 'tradeoffs', description: 'what the decision costs', example: 'every reader divides by 100' },
    { key: 'revisit', description: 'when the decision should be looked at again', example: 'when we ingest 3-decimal currencies' },
  ],
};
