import { describe, expect, it } from 'vitest';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { createExternalCallDetector } from '../../src/detect/external-calls.js';
import type { ExternalCallDetector } from '../../src/detect/external-calls.js';
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
