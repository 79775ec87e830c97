/**
 * The run summary: what happened to every record, what the API cost, how long it took.
 *
 * @rationale Counts come from the committed checkpoints, not from in-memory counters
 *   why: after a killed and resumed run the in-memory counters of the first process are gone, but
 *     the checkpoint counters were committed with the rows they count, so the invariant
 *     read = loaded + quarantined + duplicates is checked against what is actually in the database.
 *   alternatives: counting rows in the tables (orders of two inputs mix; duplicates leave no row)
 *   tradeoffs: API usage is reported for this invocation (what was paid now), row counts for the inputs
 *
 * @lineage report_summary
 *   in: sqlite main.checkpoint
 *   in: sqlite main.quarantine
 *   in: sqlite main.api_usage
 *   in: sqlite main.orders
 *   in: sqlite main.order_totals
 *   in: sqlite main.events
 *   in: sqlite main.sessions
 */
import type { SqliteDb } from '../load/database';
import { formatCents } from '../transform/money';

export interface InputSummary {
  file: string;
  kind: string;
  sha256: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  duplicatesSkipped: number;
  /** records already committed when this invocation started (0 = fresh) */
  resumedFrom: number;
  completed: boolean;
}

export interface RunSummary {
  runId: string;
  db: string;
  provider: string;
  model: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  duplicatesSkipped: number;
  /** rowsRead = rowsLoaded + rowsQuarantined + duplicatesSkipped */
  invariantHolds: boolean;
  /** records processed by this invocation (0 when rerunning a finished run) */
  thisRun: { rowsRead: number; rowsLoaded: number; rowsQuarantined: number; duplicatesSkipped: number };
  inputs: InputSummary[];
  stages: {
    ingest: { records: number };
    validate: { passed: number; quarantined: number };
    transform: { duplicatesSkipped: number };
    enrich: { bySource: Record<string, number>; fallbackRequests: number };
    load: { orders: number; events: number; sessions: number; revenueByCurrency: Record<string, string> };
  };
  quarantineReasons: { reason: string; count: number }[];
  apiCalls: number;
  apiCallsFailed: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number;
  durationMs: number;
  lineage: { openLineage: string; mermaid: string } | null;
  interrupted: boolean;
}

export interface SummaryInputs {
  runId: string;
  db: string;
  provider: string;
  model: string;
  inputs: { sha256: string; resumedFrom: number }[];
  fallbackRequests: number;
  thisRun: RunSummary['thisRun'];
  durationMs: number;
  interrupted: boolean;
}

interface CheckpointRow {
  source_file: string;
  kind: string;
  source_sha256: string;
  records_done: number;
  rows_loaded: number;
  rows_quarantined: number;
  duplicates_skipped: number;
  completed: number;
}

/** Reads the summary of a run from the database. */
export function buildSummary(db: SqliteDb, s: SummaryInputs): RunSummary {
  const checkpoint = db.prepare('SELECT * FROM checkpoint WHERE source_sha256 = ?');
  const inputs: InputSummary[] = s.inputs.map(({ sha256, resumedFrom }) => {
    const row = checkpoint.get(sha256) as CheckpointRow;
    return {
      file: row.source_file,
      kind: row.kind,
      sha256,
      rowsRead: row.records_done,
      rowsLoaded: row.rows_loaded,
      rowsQuarantined: row.rows_quarantined,
      duplicatesSkipped: row.duplicates_skipped,
      resumedFrom,
      completed: row.completed === 1,
    };
  });
  const sum = (pick: (i: InputSummary) => number) => inputs.reduce((total, i) => total + pick(i), 0);
  const rowsRead = sum((i) => i.rowsRead);
  const rowsLoaded = sum((i) => i.rowsLoaded);
  const rowsQuarantined = sum((i) => i.rowsQuarantined);
  const duplicatesSkipped = sum((i) => i.duplicatesSkipped);
  const shas = JSON.stringify(s.inputs.map((i) => i.sha256));
  const quarantineReasons = db
    .prepare(
      `SELECT reason, count(*) AS count FROM quarantine WHERE source_sha256 IN (SELECT value FROM json_each(?))
       GROUP BY reason ORDER BY count DESC, reason`,
    )
    .all(shas) as { reason: string; count: number }[];
  const usage = db
    .prepare(
      `SELECT count(*) AS calls, coalesce(sum(status <> 'ok'), 0) AS failed, coalesce(sum(input_tokens), 0) AS input,
         coalesce(sum(output_tokens), 0) AS output, coalesce(sum(cached_tokens), 0) AS cached, coalesce(sum(cost_usd), 0) AS cost
       FROM api_usage WHERE run_id = ?`,
    )
    .get(s.runId) as { calls: number; failed: number; input: number; output: number; cached: number; cost: number };
  // both breakdowns from the totals the loader keeps with each batch (no scan of orders)
  const groups = db.prepare('SELECT category_source AS source, currency, orders AS n, amount_cents AS cents FROM order_totals').all() as {
    source: string;
    currency: string;
    n: number;
    cents: number;
  }[];
  const sources = new Map<string, number>();
  const currencies = new Map<string, number>();
  for (const g of groups) {
    sources.set(g.source, (sources.get(g.source) ?? 0) + g.n);
    currencies.set(g.currency, (currencies.get(g.currency) ?? 0) + g.cents);
  }
  const byKey = <V>(m: Map<string, V>): [string, V][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const bySource = Object.fromEntries(byKey(sources));
  const revenueByCurrency = Object.fromEntries(byKey(currencies).map(([currency, cents]) => [currency, formatCents(cents)]));
  const counts = db
    .prepare('SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM sessions) AS sessions')
    .get() as { orders: number; events: number; sessions: number };
  return {
    runId: s.runId,
    db: s.db,
    provider: s.provider,
    model: s.model,
    rowsRead,
    rowsLoaded,
    rowsQuarantined,
    duplicatesSkipped,
    invariantHolds: rowsRead === rowsLoaded + rowsQuarantined + duplicatesSkipped,
    thisRun: s.thisRun,
    inputs,
    stages: {
      ingest: { records: rowsRead },
      validate: { passed: rowsRead - rowsQuarantined, quarantined: rowsQuarantined },
      transform: { duplicatesSkipped },
      enrich: { bySource, fallbackRequests: s.fallbackRequests },
      load: { ...counts, revenueByCurrency },
    },
    quarantineReasons,
    apiCalls: usage.calls,
    apiCallsFailed: usage.failed,
    inputTokens: usage.input,
    outputTokens: usage.output,
    cachedTokens: usage.cached,
    costUsd: usage.cost,
    durationMs: s.durationMs,
    lineage: null,
    interrupted: s.interrupted,
  };
}

/** The human-readable summary printed at the end of a run. */
export function formatSummary(s: RunSummary): string {
  const numbers = new Intl.NumberFormat('en-US');
  const n = (v: number) => numbers.format(v);
  const lines = [
    `Run ${s.runId} → ${s.db}  (provider ${s.provider}, model ${s.model}, ${(s.durationMs / 1000).toFixed(2)} s)`,
    '',
    'Inputs',
    ...s.inputs.map(
      (i) =>
        `  ${i.file} (${i.kind}): read ${n(i.rowsRead)}, loaded ${n(i.rowsLoaded)}, quarantined ${n(i.rowsQuarantined)}, duplicates ${n(i.duplicatesSkipped)}${i.resumedFrom > 0 ? `, resumed at record ${n(i.resumedFrom)}` : ''}${i.completed ? '' : ' (NOT finished: rerun to resume)'}`,
    ),
    '',
    'Stages',
    `  ingest     ${n(s.stages.ingest.records)} records`,
    `  validate   ${n(s.stages.validate.passed)} passed, ${n(s.stages.validate.quarantined)} quarantined`,
    `  transform  ${n(s.stages.transform.duplicatesSkipped)} duplicate ids skipped`,
    `  enrich     ${Object.entries(s.stages.enrich.bySource).map(([k, v]) => `${k}: ${n(v)}`).join(', ') || 'nothing to enrich'}${s.stages.enrich.fallbackRequests > 0 ? ` (${n(s.stages.enrich.fallbackRequests)} requests fell back to rules)` : ''}`,
    `  load       ${n(s.stages.load.orders)} orders, ${n(s.stages.load.events)} events, ${n(s.stages.load.sessions)} sessions; revenue ${Object.entries(s.stages.load.revenueByCurrency).map(([c, v]) => `${v} ${c}`).join(', ') || '0'}`,
    '',
    `Invariant  read ${n(s.rowsRead)} = loaded ${n(s.rowsLoaded)} + quarantined ${n(s.rowsQuarantined)} + duplicates ${n(s.duplicatesSkipped)}: ${s.invariantHolds ? 'holds' : 'VIOLATED'}`,
    `This run   ${n(s.thisRun.rowsRead)} new records processed${s.thisRun.rowsRead === 0 ? ' (everything was already loaded)' : ''}`,
  ];
  if (s.quarantineReasons.length > 0) {
    lines.push('', 'Quarantine reasons (see the quarantine table for line numbers and raw records)');
    for (const r of s.quarantineReasons) lines.push(`  ${String(r.count).padStart(7)}  ${r.reason}`);
  }
  lines.push(
    '',
    s.apiCalls === 0
      ? `API usage  none (${s.provider === 'rules' ? 'offline rules provider' : 'no calls needed'})`
      : `API usage  ${n(s.apiCalls)} attempts (${n(s.apiCallsFailed)} failed), ${n(s.inputTokens)} input tokens (${n(s.cachedTokens)} cached), ${n(s.outputTokens)} output tokens, $${s.costUsd.toFixed(6)}`,
  );
  if (s.lineage) lines.push(`Lineage    ${s.lineage.openLineage}`, `           ${s.lineage.mermaid}`);
  if (s.interrupted) lines.push('', 'Interrupted: committed batches are kept; rerun the same command to resume.');
  return lines.join('\n');
}
