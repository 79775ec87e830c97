/**
 * Kill the pipeline with SIGKILL at several points of a large run, resume, and compare with an
 * uninterrupted run: identical tables, nothing lost, nothing doubled; a rerun changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../src/generate/generate-sample';
import type { RunSummary } from '../src/report/summary';
import { digestDatabase, runCli } from './helpers/cli';

const ROWS = 200_000;
const EVENTS = 10_000;
let dir: string;
let inputs: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-crash-'));
  const gen = await generateSample({ rows: ROWS, events: EVENTS, seed: 42, outDir: dir });
  inputs = [gen.ordersPath, gen.eventsPath];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (db: string, onStderrLine?: NonNullable<Parameters<typeof runCli>[1]>['onStderrLine']) =>
  runCli(['run', ...inputs, '--db', db, '--json', '--no-lineage', '--progress-interval', '0', '--batch-size', '4000'], {
    ...(onStderrLine ? { onStderrLine } : {}),
  });

describe('crash and resume', () => {
  it('SIGKILL at four points, then resume: same database as one uninterrupted run; rerun changes nothing', async () => {
    const reference = join(dir, 'reference.db');
    const straight = await run(reference);
    expect(straight.code, straight.stderr).toBe(0);
    const referenceSummary = JSON.parse(straight.stdout) as RunSummary;
    expect(referenceSummary.rowsRead).toBe(ROWS + EVENTS + 2); // + the truncated last line of each file
    expect(referenceSummary.invariantHolds).toBe(true);
    const expected = digestDatabase(reference);
    expect(expected.orders?.rows).toBeGreaterThan(ROWS * 0.9);

    const crashed = join(dir, 'crashed.db');
    // kill points: the first batch, inside the events (10,000 records: the loader takes turns between
    // the inputs, so the events finish early), middle of the orders, after the last batch (while
    // sessions are recomputed / the summary is written)
    const killWhen: ((line: string, n: number) => boolean)[] = [
      (_line, n) => n === 1,
      (line) => /events\.jsonl: \d/.test(line) && !line.endsWith('done'),
      (line) => /orders\.csv: 9\d,\d{3} records/.test(line),
      (line) => /orders\.csv: .* done$/.test(line),
    ];
    const killedAt: string[] = [];
    let landed = 0;
    for (const when of killWhen) {
      let n = 0;
      const result = await run(crashed, (line, child) => {
        n += 1;
        if (!child.killed && when(line, n)) {
          killedAt.push(line);
          child.kill('SIGKILL');
        }
      });
      // the last kill point races the end of the run (sessions + summary take milliseconds);
      // a run that finished first is fine, every other point must be a real kill
      if (result.signal !== 'SIGKILL') {
        expect(when, `expected a kill; stderr: ${result.stderr}`).toBe(killWhen.at(-1));
        expect(result.code).toBe(0);
      } else {
        landed += 1;
      }
    }
    expect(killedAt).toHaveLength(4);
    expect(landed).toBeGreaterThanOrEqual(3);

    const resumed = await run(crashed);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as RunSummary;
    expect(summary.inputs.some((i) => i.resumedFrom > 0) || summary.thisRun.rowsRead === 0).toBe(true);
    expect(summary).toMatchObject({
      rowsRead: referenceSummary.rowsRead,
      rowsLoaded: referenceSummary.rowsLoaded,
      rowsQuarantined: referenceSummary.rowsQuarantined,
      duplicatesSkipped: referenceSummary.duplicatesSkipped,
      invariantHolds: true,
    });
    // same row counts and same bytes per table, including quarantine ids and checkpoint counters
    expect(digestDatabase(crashed)).toEqual(expected);

    const again = await run(crashed);
    expect(again.code).toBe(0);
    const againSummary = JSON.parse(again.stdout) as RunSummary;
    expect(againSummary.thisRun.rowsRead).toBe(0);
    expect(againSummary.rowsLoaded).toBe(referenceSummary.rowsLoaded);
    expect(digestDatabase(crashed)).toEqual(expected);
  }, 180_000);
});
