import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli';
import type { RunSummary } from '../src/report/summary';
import { runCli } from './helpers/cli';
import { startFakeServer, type FakeServer } from './helpers/fake-llm-server';

const KEY = 'sk-proj-CLIKEY-abcdefghijklmnop';
let dir: string;
let server: FakeServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-cli-'));
  // every 3rd request is a 429, to exercise the retry path through the CLI
  server = await startFakeServer((n) => (n % 3 === 1 ? { status: 429, headers: { 'retry-after-ms': '50' } } : { status: 200 }));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cli', () => {
  it('run --json prints exactly one JSON line on stdout with the required keys; progress goes to stderr', async () => {
    const db = join(dir, 'a.db');
    const r = await runCli(['run', 'data/sample/orders.csv', 'data/sample/events.jsonl', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] ?? '') as RunSummary;
    for (const key of ['rowsRead', 'rowsLoaded', 'rowsQuarantined', 'duplicatesSkipped', 'apiCalls', 'inputTokens', 'outputTokens', 'db']) {
      expect(summary).toHaveProperty(key);
    }
    expect(summary.rowsRead).toBe(summary.rowsLoaded + summary.rowsQuarantined + summary.duplicatesSkipped);
    expect(r.stderr).toMatch(/orders\.csv: 20 records .* done/);
    expect(summary.lineage?.mermaid).toBe(join(dir, 'a.lineage.mmd'));
    // OpenLineage JobEvents built by @pipeguard/doc-blocks from the modules' own @lineage blocks
    const events = readFileSync(join(dir, 'a.lineage.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {
      schemaURL: string;
      job: { namespace: string; name: string; facets: Record<string, unknown> };
      inputs: { namespace: string; name: string }[];
      outputs: { namespace: string; name: string }[];
    });
    const jobs = new Map(events.map((e) => [e.job.name, e]));
    expect([...jobs.keys()]).toEqual(expect.arrayContaining(['demo_pipeline', 'ingest_orders_csv', 'validate_orders', 'load_batches', 'sessionize_events', 'enrich_openai']));
    expect(events.every((e) => e.schemaURL.endsWith('#/$defs/JobEvent') && e.job.namespace === 'pipeguard-demo')).toBe(true);
    expect(jobs.get('load_batches')?.outputs.map((o) => o.name)).toEqual(expect.arrayContaining(['main.orders', 'main.checkpoint']));
    expect(jobs.get('load_batches')?.job.facets).toHaveProperty('documentation');
    expect(jobs.get('load_batches')?.outputs.find((o) => o.name === 'main.orders')?.namespace).toBe(`sqlite://${db}`);
    expect(jobs.get('enrich_openai')?.job.facets).toHaveProperty('sourceCodeLocation');
    const mermaid = readFileSync(join(dir, 'a.lineage.mmd'), 'utf8');
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid).toContain('job_load_batches --> ds_sqlite__main_orders');
  });

  it('without --json prints the human summary', async () => {
    const r = await runCli(['run', 'data/sample/orders.csv', '--db', join(dir, 'b.db'), '--no-lineage']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Invariant {2}read 20 = loaded 7 \+ quarantined 12 \+ duplicates 1: holds/);
    expect(r.stdout).toContain('API usage  none (offline rules provider)');
  });

  it.each([
    [['run'], /run needs at least one input/],
    [['run', 'x.csv', '--provider', 'gemini'], /--provider must be one of rules, openai, anthropic, got "gemini"/],
    [['run', 'x.csv', '--batch-size', '0'], /--batch-size must be a whole number ≥ 1, got "0"/],
    [['run', 'x.csv', '--bogus'], /Unknown option '--bogus'.*see --help/],
    [['run', 'missing.csv', '--db', join(tmpdir(), 'demo-never-created.db')], /missing\.csv: cannot read input \(ENOENT\): check the path/],
    [['generate', '--rows', '10'], /generate needs --rows N and --out DIR/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j → exit 2 with a message saying what to do', async (args, message) => {
    // in-process: the same main() the bin runs, without a process start per case
    let stderr = '';
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((stderr += chunk.toString()), done()) });
    const code = await main(args, { stdout: sink, stderr: sink });
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(existsSync(join(tmpdir(), 'demo-never-created.db'))).toBe(false); // nothing written on bad input
  });

  it('a real process exits 2 on bad usage too', async () => {
    const r = await runCli(['run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: run needs at least one input');
  });

  it('--provider openai against a loopback server: usage recorded, the key appears nowhere', async () => {
    const db = join(dir, 'openai.db');
    const r = await runCli(
      ['run', 'data/sample/orders.csv', '--db', db, '--json', '--provider', 'openai', '--base-url', `${server.url}/v1`, '--items-per-request', '2', '--no-lineage'],
      { env: { OPENAI_API_KEY: KEY } },
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as RunSummary;
    expect(server.requests.every((q) => q.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(summary.apiCalls).toBe(server.requests.length);
    expect(summary.apiCallsFailed).toBeGreaterThan(0);
    expect(summary.inputTokens).toBe(100 * (summary.apiCalls - summary.apiCallsFailed));
    expect(summary.stages.enrich.bySource).toEqual({ 'openai:gpt-4o-mini': 7 });
    expect(summary.costUsd).toBeGreaterThan(0);
    for (const text of [r.stdout, r.stderr]) expect(text).not.toContain('CLIKEY');
    for (const file of readdirSync(dir).filter((f) => f.startsWith('openai.db'))) {
      expect(readFileSync(join(dir, file)).includes('CLIKEY'), file).toBe(false);
    }
  });
});
