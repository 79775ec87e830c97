/**
 * A generated TypeScript project of exported transforms for the generation benchmark.
 *
 * @rationale Robust, varied transforms written from templates, one types module per file
 *   why: `gen-edge-tests` cost grows with the number and variety of parameter types (objects,
 *     optional fields, unions, discriminated unions, arrays, records, dates), so every file mixes
 *     them; the functions guard their inputs and declare `@throws`, so the generated suites pass and
 *     the suite time measures the properties, not fast-check shrinking failures.
 *   alternatives: point the generator at the demo app (about 20 transforms, far below 1,000)
 *   tradeoffs: the bodies are simple; real transforms may be slower per call, not per property
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../rng';

export interface GeneratedProject {
  root: string;
  files: number;
  functions: number;
}

const ERRORS = `export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}
`;

const THROWS = ' * @throws {InvalidInputError} when a field is missing, of the wrong type or not finite';

type Template = (n: string, rng: Rng) => { types: string; fn: string };

const TEMPLATES: Template[] = [
  (n, rng) => ({
    types: `export interface Row${n} {
  id: string;
  amount: number;
  currency?: string;
  note: string | null;
}
export interface Normalized${n} {
  id: string;
  amountCents: number;
  currency: string;
  hasNote: boolean;
}`,
    fn: `/**
 * Normalise a raw row: trimmed id, integer cents, upper-case currency.
${THROWS}
 */
export function normalizeRow${n}(row: Row${n}): Normalized${n} {
  if (typeof row !== 'object' || row === null) throw new InvalidInputError('row must be an object');
  if (typeof row.id !== 'string') throw new InvalidInputError('id must be a string');
  if (typeof row.amount !== 'number' || !Number.isFinite(row.amount)) throw new InvalidInputError('amount must be finite');
  const currency = row.currency === undefined ? '${rng.pick(['EUR', 'USD', 'GBP'])}' : row.currency;
  if (typeof currency !== 'string') throw new InvalidInputError('currency must be a string');
  return {
    id: row.id.trim(),
    amountCents: Math.round(row.amount * 100) + 0,
    currency: currency.toUpperCase(),
    hasNote: typeof row.note === 'string' && row.note.length > 0,
  };
}`,
  }),
  (n) => ({
    types: `export interface Item${n} {
  sku: string;
  quantity: number;
  unitCents: number;
}`,
    fn: `/**
 * Total of an order's items in cents (0 for no items).
${THROWS}
 */
export function orderTotal${n}(items: readonly Item${n}[]): number {
  if (!Array.isArray(items)) throw new InvalidInputError('items must be an array');
  let total = 0;
  for (const item of items) {
    if (typeof item !== 'object' || item === null) throw new InvalidInputError('item must be an object');
    if (!Number.isFinite(item.quantity) || !Number.isFinite(item.unitCents)) throw new InvalidInputError('numbers must be finite');
    total += item.quantity * item.unitCents;
  }
  if (!Number.isFinite(total)) throw new InvalidInputError('total overflows');
  return total + 0;
}`,
  }),
  (n, rng) => ({
    types: '',
    fn: `/**
 * Bucket label for a value: \`[lo, hi)\` with width \`size\`.
${THROWS}
 */
export function bucket${n}(value: number, size: number): string {
  if (typeof value !== 'number' || typeof size !== 'number') throw new InvalidInputError('numbers expected');
  if (!Number.isFinite(value) || !Number.isFinite(size) || size <= 0) throw new InvalidInputError('finite value and positive size expected');
  const lo = Math.floor(value / size) * size;
  if (!Number.isFinite(lo)) throw new InvalidInputError('bucket out of range');
  return \`${rng.pick(['b', 'bin', 'range'])}:\${String(lo + 0)}\`;
}`,
  }),
  (n) => ({
    types: `export type Status${n} = 'new' | 'paid' | 'void' | 'unknown';`,
    fn: `/**
 * Map free-text status to a known status.
${THROWS}
 */
export function parseStatus${n}(text: string): Status${n} {
  if (typeof text !== 'string') throw new InvalidInputError('status must be a string');
  const t = text.trim().toLowerCase();
  if (t === 'new' || t === 'open') return 'new';
  if (t === 'paid' || t === 'settled') return 'paid';
  if (t === 'void' || t === 'cancelled') return 'void';
  return 'unknown';
}`,
  }),
  (n) => ({
    types: '',
    fn: `/**
 * Amount given as a number or a text like "1,234.50" to integer cents.
${THROWS}
 */
export function toCents${n}(amount: string | number): number {
  const value = typeof amount === 'number' ? amount : typeof amount === 'string' ? Number(amount.replace(/,/g, '')) : Number.NaN;
  if (!Number.isFinite(value) || Math.abs(value) > 1e13) throw new InvalidInputError('amount is not a finite number');
  return Math.round(value * 100) + 0;
}`,
  }),
  (n) => ({
    types: '',
    fn: `/**
 * Distinct, sorted, lower-case tags (input untouched).
${THROWS}
 */
export function cleanTags${n}(tags: readonly string[]): string[] {
  if (!Array.isArray(tags)) throw new InvalidInputError('tags must be an array');
  const out = new Set<string>();
  for (const tag of tags) {
    if (typeof tag !== 'string') throw new InvalidInputError('tag must be a string');
    const t = tag.trim().toLowerCase();
    if (t !== '') out.add(t);
  }
  return [...out].sort();
}`,
  }),
  (n) => ({
    types: `export interface Customer${n} {
  id: string;
  email?: string;
  region: 'eu' | 'us' | 'apac';
  vip: boolean;
}`,
    fn: `/**
 * Apply an update on top of a customer; the update's defined fields win.
${THROWS}
 */
export function mergeCustomer${n}(base: Customer${n}, update: Partial<Customer${n}>): Customer${n} {
  if (typeof base !== 'object' || base === null || typeof update !== 'object' || update === null) {
    throw new InvalidInputError('objects expected');
  }
  if (typeof base.id !== 'string' || typeof base.vip !== 'boolean') throw new InvalidInputError('base is malformed');
  if (base.region !== 'eu' && base.region !== 'us' && base.region !== 'apac') throw new InvalidInputError('bad region');
  if (base.email !== undefined && typeof base.email !== 'string') throw new InvalidInputError('bad email');
  const region = update.region === 'eu' || update.region === 'us' || update.region === 'apac' ? update.region : base.region;
  const email = typeof update.email === 'string' ? update.email : base.email;
  return {
    id: typeof update.id === 'string' ? update.id : base.id,
    region,
    vip: typeof update.vip === 'boolean' ? update.vip : base.vip,
    ...(email === undefined ? {} : { email }),
  };
}`,
  }),
  (n) => ({
    types: '',
    fn: `/**
 * UTC calendar day of a date, or "invalid" for an Invalid Date.
${THROWS}
 */
export function utcDay${n}(date: Date): string {
  if (!(date instanceof Date)) throw new InvalidInputError('date must be a Date');
  const t = date.getTime();
  if (Number.isNaN(t)) return 'invalid';
  return date.toISOString().slice(0, 10);
}`,
  }),
  (n) => ({
    types: `export interface Event${n} {
  user: string;
  kind: string;
}`,
    fn: `/**
 * Count events per kind.
${THROWS}
 */
export function countByKind${n}(events: readonly Event${n}[]): Record<string, number> {
  if (!Array.isArray(events)) throw new InvalidInputError('events must be an array');
  const counts = new Map<string, number>();
  for (const e of events) {
    if (typeof e !== 'object' || e === null || typeof e.kind !== 'string') throw new InvalidInputError('event is malformed');
    counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  }
  return Object.fromEntries(counts);
}`,
  }),
  (n) => ({
    types: `export type Activity${n} =
  | { type: 'click'; x: number; y: number }
  | { type: 'view'; page: string }
  | { type: 'purchase'; cents: number; items: string[] };`,
    fn: `/**
 * One-line description of an activity.
${THROWS}
 */
export function describeActivity${n}(activity: Activity${n}): string {
  if (typeof activity !== 'object' || activity === null) throw new InvalidInputError('activity must be an object');
  switch (activity.type) {
    case 'click':
      if (!Number.isFinite(activity.x) || !Number.isFinite(activity.y)) throw new InvalidInputError('bad coordinates');
      return \`click at \${String(activity.x + 0)},\${String(activity.y + 0)}\`;
    case 'view':
      if (typeof activity.page !== 'string') throw new InvalidInputError('bad page');
      return \`view of \${activity.page.length} chars\`;
    case 'purchase':
      if (!Number.isFinite(activity.cents) || !Array.isArray(activity.items)) throw new InvalidInputError('bad purchase');
      return \`purchase of \${activity.items.length} items\`;
    default:
      throw new InvalidInputError('unknown activity type');
  }
}`,
  }),
  (n, rng) => ({
    types: '',
    fn: `/**
 * Split sorted timestamps into sessions separated by gaps longer than \`gapMs\`.
${THROWS}
 */
export function sessionize${n}(timestamps: readonly number[], gapMs: number = ${rng.pick([60_000, 1_800_000])}): number[][] {
  if (!Array.isArray(timestamps)) throw new InvalidInputError('timestamps must be an array');
  if (typeof gapMs !== 'number' || !Number.isFinite(gapMs) || gapMs < 0) throw new InvalidInputError('gap must be finite');
  const sorted = [...timestamps].map((t) => {
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new InvalidInputError('timestamp must be finite');
    return t + 0;
  });
  sorted.sort((a, b) => a - b);
  const sessions: number[][] = [];
  let current: number[] = [];
  for (const t of sorted) {
    const last = current[current.length - 1];
    if (last !== undefined && t - last > gapMs) {
      sessions.push(current);
      current = [];
    }
    current.push(t);
  }
  if (current.length > 0) sessions.push(current);
  return sessions;
}`,
  }),
  (n) => ({
    types: `export interface Reading${n} {
  sensor: string;
  values: Record<string, number>;
  takenAt?: Date;
}`,
    fn: `/**
 * Largest value of a reading, or null when it has none.
${THROWS}
 */
export function maxReading${n}(reading: Reading${n}): number | null {
  if (typeof reading !== 'object' || reading === null) throw new InvalidInputError('reading must be an object');
  if (typeof reading.values !== 'object' || reading.values === null) throw new InvalidInputError('values must be an object');
  let max: number | null = null;
  for (const value of Object.values(reading.values)) {
    if (typeof value !== 'number' || Number.isNaN(value)) throw new InvalidInputError('value must be a number');
    if (max === null || value > max) max = value;
  }
  return max === null ? null : max + 0;
}`,
  }),
];

/** Write `files` source files with `perFile` exported transforms each, plus tsconfig and package.json. */
export function generateProject(options: { root: string; files: number; perFile: number; seed: number }): GeneratedProject {
  const { root, files, perFile, seed } = options;
  rmSync(join(root, 'src'), { recursive: true, force: true });
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src', 'errors.ts'), ERRORS);
  let functions = 0;
  for (let f = 0; f < files; f++) {
    const rng = new Rng((seed * 7919 + f * 104729) >>> 0);
    const types: string[] = [];
    const fns: string[] = [];
    for (let k = 0; k < perFile; k++) {
      const template = TEMPLATES[(f + k) % TEMPLATES.length] as Template;
      const { types: t, fn } = template(`_${f}_${k}`, rng);
      if (t) types.push(t);
      fns.push(fn);
      functions++;
    }
    const text = `import { InvalidInputError } from './errors';\n\n${types.join('\n\n')}${types.length ? '\n\n' : ''}${fns.join('\n\n')}\n`;
    writeFileSync(join(root, 'src', `transforms-${String(f).padStart(3, '0')}.ts`), text);
  }
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023'],
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        include: ['src/**/*.ts'],
        exclude: ['**/*.edge.test.ts'],
      },
      null,
      2,
    ) + '\n',
  );
  // Its own vitest config: without one, vitest would walk up and pick bench/vitest.config.ts.
  writeFileSync(
    join(root, 'vitest.config.mjs'),
    "export default { test: { include: ['src/**/*.edge.test.ts'], reporters: ['default'] } };\n",
  );
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-gen-project', private: true, type: 'module' }, null, 2) + '\n');
  return { root, files, functions };
}
