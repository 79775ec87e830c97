import { describe, expect, it } from 'vitest';
import { datasetMatches } from '../../src/rules/lineage-matches-code';

const table = (name: string) => ({ name });
const file = (name: string) => ({ namespace: 'file', name });
const declared = (namespace: string, name: string) => ({ namespace, name });

describe('lineage-matches-code: how code datasets match declared ones', () => {
  it('a namespace named like an Object.prototype member is not looked up as an alias', () => {
    expect(datasetMatches(table('orders'), declared('constructor', 'orders'), {})).toBe(true);
    expect(datasetMatches(table('orders'), declared('toString', 'orders'), {})).toBe(true);
  });

  it.each([
    ['bare table vs schema-qualified declaration', table('orders'), declared('sqlite', 'main.orders')],
    ['schema-qualified code vs bare declaration', table('main.orders'), declared('sqlite', 'orders')],
    ['case, underscores and hyphens are ignored', table('stagingOrders'), declared('sqlite', 'Staging_Orders')],
    ['quoted identifiers', table('"Orders"'), declared('db', 'orders')],
    ['same schema on both sides', table('analytics.events'), declared('warehouse', 'Analytics.events')],
    ['file: same path after ./ normalisation', file('./data/in.csv'), declared('file', 'data/in.csv')],
    ['file: declared path is a suffix of the code path', file('/srv/data/in.csv'), declared('file', 'data/in.csv')],
    ['file: glob', file('archive/2024-01.jsonl'), declared('file', 'archive/*.jsonl')],
    ['file: alias namespace resolving to a file URL', file('/srv/inbox/orders.csv'), declared('inbox', 'orders.csv')],
  ])('matches: %s', (_, access, decl) => {
    expect(datasetMatches(access, decl, { inbox: 'file:///srv/inbox' })).toBe(true);
  });

  it.each([
    ['different schemas', table('main.orders'), declared('sqlite', 'archive.orders')],
    ['different tables', table('orders'), declared('sqlite', 'order_lines')],
    ['a table never matches a file line', table('orders'), declared('file', 'orders')],
    ['a table never matches a file alias', table('orders'), declared('inbox', 'orders')],
    ['a file never matches a different file', file('data/a.csv'), declared('file', 'data/b.csv')],
    ['a partial file name is not a suffix match', file('data/my-orders.csv'), declared('file', 'orders.csv')],
  ])('does not match: %s', (_, access, decl) => {
    expect(datasetMatches(access, decl, { inbox: 'file:///srv/inbox' })).toBe(false);
  });
});
