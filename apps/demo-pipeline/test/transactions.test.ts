/**
 * Several hand-offs share one transaction: what a stop, a failure or a paid provider call leaves
 * behind must still be whole batches with their checkpoint, and a rerun must reach the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrichItem, EnrichResult, EnrichmentProvider } from '../src/enrich/provider';
import { RulesProvider } from '../src/enrich/rules-provider';
import { generateSample } from '../src/generate/generate-sample';
import { runPipeline, type PipelineOptions } from '../src/pipeline';
import { digestDatabase } from './helpers/cli';

let dir: string;
let inputs: string[];
let reference: Record<string, { rows: number; sha256: string }>;
const common = { lineageDir: false as const, batchSize: 2000, handoffRecords: 500, ingestWorker: false };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-txn-'));
  const gen = await generateSample({ rows: 5000, events: 3000, seed: 21, outDir: dir });
  inputs = [gen.ordersPath, gen.eventsPath];
  const db = join(dir, 'reference.db');
  // one hand-off per transaction: the behaviour before transactions were shared
  await runPipeline({ ...common, inputs, db, batchSize: 500 });
  reference = digestDatabase(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const recordsDone = (db: string): number[] => {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare('SELECT records_done FROM checkpoint ORDER BY kind DESC').pluck().all() as number[];
  } finally {
    sqlite.close();
  }
};

/** The rules, failing on the n-th call. */
class FailingRules implements EnrichmentProvider {
  readonly name = 'rules';
  readonly model = 'keyword-rules-v1';
  readonly offline = true;
  private calls = 0;
  constructor(private readonly failOn: number) {}
  categorize(items: readonly EnrichItem[]): Promise<Map<string, EnrichResult>> {
    this.calls += 1;
    if (this.calls === this.failOn) return Promise.reject(new Error('provider failed on purpose'));
    return new RulesProvider().categorize(items);
  }
}

describe('transactions spanning several hand-offs', () => {
  it('give the same database as a transaction per hand-off', async () => {
    const db = join(dir, 'grouped.db');
    await runPipeline({ ...common, inputs, db });
    expect(digestDatabase(db)).toEqual(reference);
  });

  it('a failure rolls back the open transaction only: the checkpoint is at the last commit, and a rerun completes it', async () => {
    const db = join(dir, 'failed.db');
    // the loader takes turns (orders, events, orders, …) and commits every 2000 records: orders 1–2 +
    // events 1–2, then orders 3–4 + events 3–4; the 6th orders call fails inside the third transaction
    await expect(runPipeline({ ...common, inputs, db, provider: new FailingRules(6) })).rejects.toThrow(/failed on purpose/);
    expect(recordsDone(db)).toEqual([2000, 2000]); // orders, events
    await runPipeline({ ...common, inputs, db });
    expect(digestDatabase(db)).toEqual(reference);
  });

  it('a stop commits what was written and the rerun resumes from there', async () => {
    const db = join(dir, 'stopped.db');
    const controller = new AbortController();
    const first = await runPipeline({
      ...common,
      inputs,
      db,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.recordsDone >= 1500) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    // orders and events took turns up to orders 1500 (events 1000 by then)
    expect(recordsDone(db)).toEqual([1500, 1000]);
    const second = await runPipeline({ ...common, inputs, db });
    expect(second.inputs.map((i) => i.resumedFrom)).toEqual([1500, 1000]);
    expect(digestDatabase(db)).toEqual(reference);
  });

  it('a provider that is not offline is only ever called with nothing uncommitted', async () => {
    const db = join(dir, 'paid.db');
    const seen: number[][] = [];
    const rules = new RulesProvider();
    const paid: EnrichmentProvider = {
      name: 'rules',
      model: 'keyword-rules-v1',
      categorize: (items) => {
        // another connection sees only committed data
        seen.push(recordsDone(db));
        return rules.categorize(items);
      },
    };
    await runPipeline({ ...common, inputs, db, provider: paid } satisfies PipelineOptions);
    // 5,001 records: ten hand-offs of 500 with orders (the last, one truncated line, has none); before
    // the n-th call the n−1 hand-offs before it are committed
    expect(seen.map((s) => s[0])).toEqual(Array.from({ length: 10 }, (_, i) => i * 500));
    expect(digestDatabase(db)).toEqual(reference);
  });
});
