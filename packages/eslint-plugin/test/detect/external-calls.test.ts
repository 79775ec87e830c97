import { describe, expect, it } from 'vitest';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { createExternalCallDetector, packageName, sharedExternalCallDetector } from '../../src/detect/external-calls.js';
import type { ExternalCallDetector } from '../../src/detect/external-calls.js';
import { CALL_NODE_TYPES, forEachScanned } from '../../src/detect/resolve.js';
import { withRule } from './harness.js';

type Ctx = Parameters<typeof createExternalCallDetector>[0];

/**
 * Runs the detector over every call with stand-in parser services that record which receivers the type
 * checker was asked about. `type` (when given) is returned for every receiver; otherwise the lookup throws,
 * which the detector treats as "no type".
 */
function lookups(code: string, apis: TypeOrValueSpecifier[] = [], type?: object): string[] {
  const asked: string[] = [];
  let detector: ExternalCallDetector | undefined;
  withRule(
    code,
    (context, node) => {
      const services = {
        program: { isSourceFileDefaultLibrary: () => false },
        getTypeAtLocation: (receiver: TSESTree.Node) => {
          asked.push(context.sourceCode.getText(receiver as never));
          if (type) return type;
          throw new Error('no type information in this test');
        },
      } as unknown as ParserServicesWithTypeInformation;
      detector ??= createExternalCallDetector(context as unknown as Ctx, { apis, services });
      detector.check(node as unknown as TSESTree.CallExpression);
      return [];
    },
    ['CallExpression'],
  );
  return asked;
}

describe('external-calls: cheap filters before the type checker', () => {
  it('filter (method names): built-in method names never reach the type checker', () => {
    const asked = lookups(`export function f(rows, row, db) {
  rows.map((r) => r).filter(Boolean).join(',');
  row.amount.replace(/,/g, '');
  db.prepare('SELECT 1');
  return row.client.chat.completions.create({});
}`);
    expect(asked).toEqual(['row', 'row.client', 'row.client.chat', 'row.client.chat.completions']);
  });

  it('filter (method names): with apis configured, built-in names are still looked up (a type may declare them)', () => {
    expect(lookups('export function f(deps) { deps.partner.map({}); }', ['PartnerClient'])).toContain('deps.partner');
  });

  it('filter (receivers): literals, arrays, templates, new Map/Set and primitive / array parameters are skipped', () => {
    const asked = lookups(`export function f(id: string, ids: readonly number[], tags: string[] | null, seen: Set<string>, client) {
  const out = [];
  const cache = new Map();
  const label = \`x-\${id}\`;
  out.push(1); cache.set('k', 1); label.send(); id.send(); ids.send(); tags.send(); seen.send(); 'x'.send(); [1].send();
  client.send();
}`);
    expect(asked).toEqual(['client']);
  });

  it('filter (receivers): object literals, reassigned lets and a shadowed Map are still looked up', () => {
    const asked = lookups(`class Map { send() {} }
export function f(client) {
  const deps = { llm: client };
  deps.llm.send();
  let box = [];
  box = client;
  box.send();
  const m = new Map();
  m.send();
}`);
    expect(asked).toEqual(['deps', 'deps.llm', 'box', 'm']);
  });

  it('filter (method names): drizzle / kysely builder methods and Response bodies never reach the type checker', () => {
    const asked = lookups(`export function f(t, db, res, deps) {
  t.text('id').primaryKey(); t.integer('n').notNull(); t.text('o').references(() => x.id).unique();
  db.selectFrom('a').selectAll().where('id', '=', 1).orderBy('id').limit(5).executeTakeFirst();
  res.json(); res.arrayBuffer();
  db.run('x'); db.on('y'); db.execute();
  return deps.llm.chat.completions.create({});
}`);
    // `run`, `on`, `execute` are declared somewhere in the SDK typings, so they are still looked up
    // one lookup for the call that starts each chain (`t.text(…)`, `db.selectFrom(…)`), none for `res`
    expect(asked).toEqual(['t', 't', 't', 'db', 'db', 'db', 'db', 'deps', 'deps.llm', 'deps.llm.chat', 'deps.llm.chat.completions']);
    expect(lookups('export function f(deps) { deps.partner.where({}); }', ['PartnerClient'])).toContain('deps.partner');
  });

  it('filter (database results): what a database driver or query builder returns is followed without the type checker', () => {
    const asked = lookups(`import type { Database } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { index } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
export function f(db: Database, k: Kysely<DB>, t, deps) {
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  const tx = db.transaction((rows) => { for (const r of rows) insert.run(r); });
  tx([]);
  k.insertInto('t').values({ id: 1 }).execute();
  index('t_idx').on(t.createdAt);
  new pg.Pool().query('SELECT 1').then(log);
  deps.llm.run();
}`);
    expect(asked).toEqual(['deps', 'deps.llm']);
  });

  it('filter (database results): with apis configured, a database result is looked up (a type specifier may name it)', () => {
    const asked = lookups(`import type { Database } from 'better-sqlite3';
export function f(db: Database) {
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  insert.run(1);
}`, [{ from: 'package', package: 'better-sqlite3', name: 'Statement' }]);
    expect(asked).toContain('insert');
  });

  it('filter (database results): a client package is not a database package (its call results are looked up)', () => {
    const asked = lookups(`import OpenAI from 'openai';
export function f(client: OpenAI) {
  const stream = client.chat.completions.stream({});
  stream.run();
}`);
    expect(asked).toContain('stream');
  });

  it('filter (this fields): a field declared once as a built-in value or with a never-client annotation is skipped', () => {
    const asked = lookups(`export class Stage {
  private seen = new Set<string>();
  #names: string[] = [];
  readonly label = 'stage';
  private rows: readonly number[];
  client;
  constructor(rows) { this.rows = rows; }
  run(x) {
    this.seen.add(x); this.seen.has(x); this.#names.push(x); this.label.send(); this.rows.send();
    const later = () => this.seen.send();
    this.client.send();
    return later;
  }
  handler = () => this.seen.send();
}`);
    expect(asked).toEqual(['this.client']);
  });

  it('filter (this fields): other classes, statics, computed keys, duplicates, parameter properties and outer this are looked up', () => {
    const asked = lookups(`export class A {
  static seen = new Set<string>();
  run() { this.seen.send(); }
  static go() { A.x(); this.seen.send(); }
}
export class B {
  seen = new Set<string>();
  ['k'] = 1;
  run() { this.seen.send(); }
}
export class C {
  seen = [];
  get seen2() { return 1; }
  constructor(private other = []) {}
  run() { this.other.send(); this.missing.send(); }
  m = function () { this.seen.send(); };
  static { this.seen.send(); }
}
export function outside() { this.seen.send(); }
export const obj = { seen: [], m() { this.seen.send(); } };
export class D extends C {
  @dec(this.seen.send()) run2() {}
}`);
    // in order: A#run (instance \`this\`, static field), \`A\` itself (A.go's \`this.seen\` is the static field:
    // skipped), B (a computed member), C's parameter property and undeclared field, the function-valued
    // field and the static block (their \`this\` is not the instance), a plain function, an object method,
    // and a decorator argument (evaluated outside the class)
    expect(asked).toEqual(['this.seen', 'A', 'this.seen', 'this.other', 'this.missing', 'this.seen', 'this.seen', 'this.seen', 'this.seen', 'this.seen']);
  });

  it('originOf cache: chains resolve once per node and still give the uncached answer, also near the depth limit', () => {
    const detections = (code: string): string[] =>
      withRule(
        code,
        (context, node) => {
          const found = createExternalCallDetector(context as unknown as Ctx, { apis: [] }).check(node as unknown as TSESTree.CallExpression);
          return found ? [`${found.callee} ${found.api}`] : [];
        },
        ['CallExpression'],
      );
    const shared = (code: string): string[] => {
      let detector: ExternalCallDetector | undefined;
      return withRule(
        code,
        (context, node) => {
          detector ??= createExternalCallDetector(context as unknown as Ctx, { apis: [] });
          const found = detector.check(node as unknown as TSESTree.CallExpression);
          return found ? [`${found.callee} ${found.api}`] : [];
        },
        ['CallExpression'],
      );
    };
    // a fresh detector per call (no cache reuse) and one shared detector agree, call by call
    const chain = `import axios from 'axios';
const api = axios.create({ baseURL: 'https://x' });
const a1 = api; const a2 = a1; const a3 = a2; const a4 = a3; const a5 = a4; const a6 = a5;
const a7 = a6; const a8 = a7; const a9 = a8; const a10 = a9; const a11 = a10; const a12 = a11;
export function f() {
  a4.get('/x');
  a11.get('/y');
  a12.get('/z');
  a10.post('/w');
}`;
    expect(shared(chain)).toEqual(detections(chain));
    expect(shared(chain)).toContain('a4.get axios');
    const openai = `import OpenAI from 'openai';
const client = new OpenAI();
export async function g(db) {
  await client.chat.completions.create({}).then((r) => r).catch(() => null);
  await db.select().from(t).where(x).limit(1);
  return client.embeddings.create({});
}`;
    expect(shared(openai)).toEqual(detections(openai));
    expect(shared(openai)).toEqual(['client.chat.completions.create openai.chat.completions', 'client.embeddings.create openai.embeddings']);
  });

  it('cache: one declaring-module walk per type per file, however many receivers share it', () => {
    let walks = 0;
    const type = {
      isUnion: () => false,
      aliasSymbol: undefined,
      getSymbol: () => {
        walks++;
        return undefined;
      },
    };
    const asked = lookups('export function f(a, b) { a.send(); b.send(); a.x.send(); }', [], type);
    expect(asked.length).toBeGreaterThanOrEqual(3);
    expect(walks).toBe(1);
  });
});

describe('packageName', () => {
  it('gives what splitting the specifier on `/` gives (the old implementation)', () => {
    const old = (specifier: string): string | undefined => {
      if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
      const parts = specifier.replace(/^node:/, '').split('/');
      if (specifier.startsWith('@')) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined;
      return parts[0];
    };
    const specifiers = ['openai', 'openai/resources', '@anthropic-ai/sdk', '@anthropic-ai/sdk/resources/messages', '@scope', '@scope/', '@/x',
      'node:fs', 'node:fs/promises', 'node:', 'node:@x/y', '', '/abs', './rel', '../up', 'a//b', 'axios/'];
    for (const specifier of specifiers) expect(packageName(specifier), specifier).toBe(old(specifier));
  });
});

describe('sharedExternalCallDetector: one detector per file and options, answers kept', () => {
  it('the same options share a detector and each call is classified once; other options get their own', () => {
    const code = `import OpenAI from 'openai';
const client = new OpenAI();
export async function f() { await client.chat.completions.create({ model: 'm', messages: [] }); return [1].map((x) => x + 1); }`;
    const [result] = withRule(
      code,
      (context) => {
        const ctx = context as unknown as Ctx;
        const first = sharedExternalCallDetector(ctx, { apis: [] });
        const again = sharedExternalCallDetector(ctx, { apis: [] });
        const otherApis = sharedExternalCallDetector(ctx, { apis: ['got'] });
        const calls: TSESTree.CallExpression[] = [];
        forEachScanned(ctx.sourceCode, CALL_NODE_TYPES, (call) => calls.push(call));
        const answers = calls.map((call) => first.check(call));
        return [{
          same: first === again,
          other: first !== otherApis,
          apis: answers.filter((a) => a !== undefined).map((a) => a.api),
          kept: calls.every((call, i) => again.check(call) === answers[i]),
        }];
      },
      ['Program'],
    );
    expect(result).toEqual({ same: true, other: true, apis: ['openai.chat.completions'], kept: true });
  });

  it('another file gets another detector', () => {
    const made: ExternalCallDetector[] = [];
    for (const code of ['fetch("https://a.example")', 'fetch("https://b.example")']) {
      withRule(code, (context) => {
        made.push(sharedExternalCallDetector(context as unknown as Ctx, { apis: [] }));
        return [];
      }, ['Program']);
    }
    expect(made[0]).not.toBe(made[1]);
  });
});
