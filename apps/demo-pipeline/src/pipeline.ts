/**
 * The pipeline: ingest → validate → transform → enrich → load → report, one batch at a time.
 *
 * WHY THIS ARCHITECTURE:
 * - Batches flow through every stage and commit with their checkpoint, so a kill at any point loses at most one uncommitted transaction (≤ batchSize records, ≤ 2 s of work), which the rerun redoes
 * - Stages are plain functions and modules, no framework: the transforms stay pure and testable by generated edge tests
 * - Reading and validating run in worker threads (one per kind of input), loading on the main thread: on two cores the parser and the database work at the same time
 *
 * DESIGN DECISIONS:
 * - Duplicates are checked against committed rows before enrichment so no API call is paid for a row that will not load
 * - Sessions are assigned as events load, in the batch transaction; only users with late events are recomputed after all inputs
 * - Orders and events load side by side, taking turns by records done (not by which batch is ready first), so a resumed run writes rows in the same order as an uninterrupted one
 *
 * @lineage demo_pipeline
 *   in: file orders.csv
 *   in: file events.jsonl
 *   out: sqlite main.orders mode=append key=order_id
 *   out: sqlite main.order_totals
 *   out: sqlite main.events mode=append key=event_id
 *   out: sqlite main.sessions mode=overwrite key=session_id
 *   out: sqlite main.quarantine mode=append
 *   out: sqlite main.checkpoint
 *   out: sqlite main.api_usage mode=append
 *   out: sqlite main.runs
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AnthropicProvider, DEFAULT_MODELS, OpenAIProvider } from './enrich/api-providers';
import type { EnrichmentProvider, ProviderName } from './enrich/provider';
import { ResilientCaller, type ResilienceOptions } from './enrich/resilience';
import { RulesProvider } from './enrich/rules-provider';
import { createDbUsageSink, redact } from './enrich/usage';
import { IngestWorker, validatedBatches, type BatchOptions, type ValidatedBatch } from './ingest/batches';
import { buildWorkerBundle } from './ingest/worker-bundle';
import { fingerprintFile, sourceKindOf, type SourceKind } from './ingest/source';
import { WalCheckpointer } from './load/checkpointer';
import { openDatabase, type SqliteDb } from './load/database';
import { finishSessions, prepareSessions } from './load/sessions';
import { Store, type OrderToLoad } from './load/store';
import { writeLineage } from './report/lineage';
import type { ProgressEvent } from './report/progress';
import { buildSummary, type RunSummary } from './report/summary';
import { DEFAULT_SESSION_GAP_MS } from './transform/sessionize';

export interface PipelineOptions {
  /** orders `.csv` and click-event `.jsonl` files, processed in the given order */
  inputs: readonly string[];
  /** SQLite file (created if missing) */
  db: string;
  /** `rules` (default, offline), `openai`, `anthropic`, or a provider object */
  provider?: ProviderName | EnrichmentProvider;
  model?: string;
  /** OpenAI-compatible base URL (or Anthropic base URL) */
  baseUrl?: string;
  /** records per transaction (at most; see MAX_TRANSACTION_MS); default DEFAULT_BATCH_SIZE (100,000) */
  batchSize?: number;
  /** records per hand-off from the reader to the loader; default HANDOFF_RECORDS (20,000; smaller keeps the threads' heaps smaller, larger saves the loader work per message) */
  handoffRecords?: number;
  /** rate limits, retries, timeouts of the AI providers */
  limits?: Partial<ResilienceOptions>;
  /** orders per AI request; default 20 */
  itemsPerRequest?: number;
  sessionGapMs?: number;
  /** where the OpenLineage events and the Mermaid diagram go; default the database's folder; false = none */
  lineageDir?: string | false;
  /** environment to read API keys from; default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  onProgress?: (event: ProgressEvent) => void;
  /** called with a redacted message when a request falls back to the rules */
  onWarning?: (message: string) => void;
  /** read and validate the inputs in worker threads (one per kind) while the main thread loads;
   *  default: when they add up to WORKER_MIN_BYTES or more */
  ingestWorker?: boolean;
  /** stop after the current batch (the committed work is kept; rerun to resume) */
  signal?: AbortSignal;
}

/** A usage error the CLI shows as is (what is wrong and what to do). */
export class PipelineUsageError extends Error {
  override name = 'PipelineUsageError';
}

/**
 * Records per transaction. Each commit rewrites every index page its rows touched, and rows keyed
 * by user land all over their indexes, so at a million rows a commit per 20,000 records wrote the
 * same pages fifty times; records still travel in hand-offs of HANDOFF_RECORDS, so memory does not
 * grow with this.
 */
export const DEFAULT_BATCH_SIZE = 100_000;

/** Records per hand-off from the reader to the loader (several make one transaction). */
export const HANDOFF_RECORDS = 20_000;

/** A transaction never stays open longer than this: a crash loses at most this much work. */
export const MAX_TRANSACTION_MS = 2000;

/** Inputs smaller than this together are validated in-thread (1 MiB ≈ 10,000 records). */
export const WORKER_MIN_BYTES = 1 << 20;

const KEY_ENV: Record<Exclude<ProviderName, 'rules'>, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

function createProvider(
  options: PipelineOptions,
  name: ProviderName,
  caller: () => ResilientCaller,
  apiKey: string | undefined,
  onFallback: (reason: string) => void,
): EnrichmentProvider {
  if (name === 'rules') return new RulesProvider();
  const model = options.model ?? DEFAULT_MODELS[name];
  const common = { apiKey: apiKey ?? 'local-server', model, baseURL: options.baseUrl, caller: caller(), onFallback, ...(options.itemsPerRequest ? { itemsPerRequest: options.itemsPerRequest } : {}) };
  return name === 'openai' ? new OpenAIProvider(common) : new AnthropicProvider(common);
}

/** What a reader is asked to read: an input from `skip`, in hand-offs of `batchSize`; events with
 *  their sessions guessed (see session-guess.ts). */
function batchSource(file: string, kind: SourceKind, skip: number, batchSize: number, gapMs: number): BatchOptions {
  return { file, kind, skip, batchSize, ...(kind === 'events' ? { sessionGapMs: gapMs } : {}) };
}

interface BatchTotals {
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  duplicatesSkipped: number;
}

/**
 * Runs the pipeline over the inputs into the database and returns the summary. Safe to rerun: a
 * finished input is skipped, an interrupted one resumes after its last committed batch.
 */
export async function runPipeline(options: PipelineOptions): Promise<RunSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new PipelineUsageError(`--batch-size must be a whole number ≥ 1, got ${String(batchSize)}`);
  const handoff = options.handoffRecords ?? HANDOFF_RECORDS;
  if (!Number.isSafeInteger(handoff) || handoff < 1) throw new PipelineUsageError(`handoffRecords must be a whole number ≥ 1, got ${String(handoff)}`);
  const gapMs = options.sessionGapMs ?? DEFAULT_SESSION_GAP_MS;
  if (typeof gapMs !== 'number' || Number.isNaN(gapMs) || gapMs < 0) throw new PipelineUsageError(`sessionGapMs must be a number of milliseconds ≥ 0, got ${String(gapMs)}`);
  const providerName: ProviderName | undefined = typeof options.provider === 'object' ? undefined : (options.provider ?? 'rules');
  const env = options.env ?? process.env;
  const apiKey = providerName && providerName !== 'rules' ? env[KEY_ENV[providerName]] : undefined;
  if (providerName && providerName !== 'rules' && !apiKey && !options.baseUrl) {
    throw new PipelineUsageError(
      `--provider ${providerName} needs an API key: set ${KEY_ENV[providerName]} in the environment, pass --base-url for a local OpenAI-compatible server, or use --provider rules (offline)`,
    );
  }
  const secrets = apiKey ? [apiKey] : [];
  // the kind of every input (an unknown extension fails here, before anything starts)
  const inputKinds = options.inputs.map(sourceKindOf);
  // A worker thread pays for itself once there is enough to read (starting one, bundle included,
  // takes ~0.2–0.3 s). It starts before the database is opened, so it is ready when the database is.
  const sizes = await Promise.all(options.inputs.map((file) => stat(file).then((s) => s.size, () => 0)));
  const useWorkers = options.ingestWorker ?? sizes.reduce((a, b) => a + b, 0) >= WORKER_MIN_BYTES;
  // every input's content hash, started now: it runs while the workers' code is bundled and they start
  // (side by side: the hashing of one overlaps the disk reads of the other); awaited, and its errors
  // reported, below
  const fingerprints = options.inputs.map((file) => fingerprintFile(file));
  for (const f of fingerprints) f.catch(() => undefined);
  // the workers' code as one JavaScript file (~0.1 s; a worker then starts without a TypeScript loader)
  const bundle = useWorkers ? await buildWorkerBundle() : undefined;
  const workerEntry = bundle?.entry;
  // one worker per kind of input: orders and events are read side by side (see loadAll)
  const workers = new Map<SourceKind, IngestWorker>();
  if (useWorkers) for (const kind of new Set(inputKinds)) workers.set(kind, new IngestWorker(workerEntry));
  const dbPath = options.db === ':memory:' ? options.db : resolve(options.db);
  // A database that does not exist yet has no checkpoints, so every input starts at record 0: the
  // workers start reading now, while the inputs are hashed and the database is created.
  const early = new Map<string, BatchOptions>();
  const handoffSize = Math.min(batchSize, handoff);
  if (workers.size > 0 && (dbPath === ':memory:' || !existsSync(dbPath))) {
    options.inputs.forEach((file, i) => {
      if (early.has(file)) return;
      const source = batchSource(file, inputKinds[i] as SourceKind, 0, handoffSize, gapMs);
      workers.get(source.kind)?.queue(source);
      early.set(file, source);
    });
  }
  let db: SqliteDb | undefined;
  let checkpointer: WalCheckpointer | undefined;
  try {
    // every input is checked (readable, content hash) before the database is touched
    const kinds = await Promise.all(options.inputs.map(async (file, i) => ({ file, kind: inputKinds[i] as SourceKind, ...(await (fingerprints[i] as ReturnType<typeof fingerprintFile>)) })));
    db = await openDatabase(dbPath);
    if (dbPath !== ':memory:') checkpointer = new WalCheckpointer(db, dbPath, (message) => options.onWarning?.(`${dbPath}: ${message}`));
    return await loadAll({ options, db, dbPath, kinds, workers, workerEntry, early, checkpointer, started, batchSize, handoffSize, gapMs, providerName, apiKey, secrets });
  } finally {
    await Promise.all([...workers.values()].map((w) => w.close()));
    bundle?.dispose();
    await checkpointer?.close();
    db?.close();
  }
}

interface RunContext {
  options: PipelineOptions;
  db: SqliteDb;
  dbPath: string;
  kinds: { file: string; kind: SourceKind; sha256: string; bytes: number }[];
  /** one per kind; replaced when the inputs queued on it early turn out not to be the ones to load */
  workers: Map<SourceKind, IngestWorker>;
  /** the workers' bundled code (undefined: they load the sources through tsx) */
  workerEntry: URL | undefined;
  /** inputs queued on the workers before the database was open (a new database), by file */
  early: ReadonlyMap<string, BatchOptions>;
  checkpointer: WalCheckpointer | undefined;
  started: number;
  batchSize: number;
  /** records per hand-off: `handoffRecords`, at most `batchSize` */
  handoffSize: number;
  gapMs: number;
  providerName: ProviderName | undefined;
  apiKey: string | undefined;
  secrets: string[];
}

async function loadAll(run: RunContext): Promise<RunSummary> {
  const { options, db, dbPath, kinds, workers, workerEntry, early, checkpointer, started, batchSize, handoffSize, gapMs, providerName, apiKey, secrets } = run;
  const runId = randomUUID();
  let fallbackRequests = 0;
  const warn = (message: string) => options.onWarning?.(redact(message, secrets));
  const provider =
    typeof options.provider === 'object'
      ? options.provider
      : createProvider(
          options,
          providerName ?? 'rules',
          () => new ResilientCaller(options.limits ?? {}, createDbUsageSink(db, runId, secrets), secrets),
          apiKey,
          (reason) => {
            fallbackRequests += 1;
            warn(`enrichment request fell back to the rules provider: ${reason}`);
          },
        );
  db.prepare('INSERT INTO runs (run_id, started_at, provider, model, inputs, status) VALUES (?, ?, ?, ?, ?, ?)').run(
    runId,
    new Date().toISOString(),
    provider.name,
    provider.model,
    JSON.stringify(options.inputs.map((f) => resolve(f))),
    'running',
  );
  prepareSessions(db, gapMs);
  const store = new Store(db, gapMs, () => checkpointer?.request());
  const thisRun: BatchTotals = { rowsRead: 0, rowsLoaded: 0, rowsQuarantined: 0, duplicatesSkipped: 0 };
  const inputs: { sha256: string; resumedFrom: number }[] = [];
  const lanes = new Map<SourceKind, Lane>();
  for (const { file, kind, sha256, bytes } of kinds) {
    // the same bytes given twice (or under two names) are one input
    if (inputs.some((i) => i.sha256 === sha256)) continue;
    const checkpoint = store.checkpointFor(sha256, resolve(file), kind, bytes);
    inputs.push({ sha256, resumedFrom: checkpoint.recordsDone });
    let lane = lanes.get(kind);
    if (!lane) {
      lane = { kind, jobs: [], position: 0, worker: workers.get(kind), current: undefined };
      lanes.set(kind, lane);
    }
    // a lane's position counts every record of its inputs already committed, finished inputs too
    lane.position += checkpoint.recordsDone;
    if (checkpoint.completed) continue;
    const queued = early.get(file);
    const source = queued?.skip === checkpoint.recordsDone ? queued : batchSource(file, kind, checkpoint.recordsDone, handoffSize, gapMs);
    lane.jobs.push({ file, kind, sha256, from: checkpoint, source });
  }
  for (const lane of lanes.values()) {
    const queuedEarly = [...early.values()].filter((s) => s.kind === lane.kind);
    const wanted = lane.jobs.map((j) => j.source);
    if (queuedEarly.length > 0 && (queuedEarly.length !== wanted.length || queuedEarly.some((s, i) => s !== wanted[i]))) {
      // the early start guessed wrong (the same bytes given twice, say): a fresh worker for this kind
      await lane.worker?.close();
      lane.worker = new IngestWorker(workerEntry);
      workers.set(lane.kind, lane.worker);
    } else if (queuedEarly.length > 0) {
      continue;
    }
    // each worker reads its inputs back to back: the next one starts while the loader finishes the last
    for (const source of wanted) lane.worker?.queue(source);
  }
  const interrupted = await loadLanes([...lanes.values()], { store, provider, batchSize, options, thisRun, startedAt: started });
  if (!interrupted) finishSessions(db, gapMs);
  const summary = buildSummary(db, {
    runId,
    db: dbPath,
    provider: provider.name,
    model: provider.model,
    inputs,
    fallbackRequests,
    thisRun,
    durationMs: performance.now() - started,
    interrupted,
  });
  if (options.lineageDir !== false && dbPath !== ':memory:') {
    summary.lineage = await writeLineage(options.lineageDir ?? resolve(dbPath, '..'), basename(dbPath).replace(/\.[^.]+$/, ''), dbPath);
  }
  summary.durationMs = performance.now() - started;
  db.prepare('UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?').run(
    new Date().toISOString(),
    interrupted ? 'interrupted' : summary.invariantHolds ? 'ok' : 'invariant_violated',
    JSON.stringify(summary),
    runId,
  );
  return summary;
}

/** One input to load: where it stands and what to read. */
interface Job {
  file: string;
  kind: SourceKind;
  sha256: string;
  from: { recordsDone: number; rowsLoaded: number; rowsQuarantined: number; duplicatesSkipped: number };
  /** what to read (the same object was queued on the lane's worker) */
  source: BatchOptions;
}

/** The inputs of one kind, loaded in order. */
interface Lane {
  kind: SourceKind;
  jobs: Job[];
  /** records of this lane's inputs committed or processed: decides whose turn it is */
  position: number;
  worker: IngestWorker | undefined;
  /** the input being loaded; `finished` once its last batch was loaded (its reader still has to end) */
  current: { job: Job; batches: AsyncGenerator<ValidatedBatch>; totals: Job['from']; finished: boolean } | undefined;
}

interface LoadContext {
  store: Store;
  provider: EnrichmentProvider;
  batchSize: number;
  options: PipelineOptions;
  thisRun: BatchTotals;
  startedAt: number;
}

/**
 * Loads the lanes' inputs, one batch at a time, taking turns: the lane with the fewest records done
 * goes next (on a tie, the kind whose input was given first), so orders, which cost the reader most, and events, which cost the
 * loader most, keep both threads busy; the order depends only on committed counts, so a resumed run
 * writes in the same order as an uninterrupted one. Batches of up to HANDOFF_RECORDS records go into
 * an open transaction, which commits every `batchSize` records, after MAX_TRANSACTION_MS, when an
 * input is complete, before a call to a provider that is not offline, and when the run is stopped.
 * Returns true when stopped by the signal with work left.
 */
async function loadLanes(lanes: Lane[], ctx: LoadContext): Promise<boolean> {
  const { store, options, batchSize } = ctx;
  const open = lanes.filter((l) => l.jobs.length > 0);
  try {
    while (open.length > 0) {
      if (options.signal?.aborted) {
        store.commit();
        if (open.some((l) => l.jobs.length > 0 || (l.current !== undefined && !l.current.finished))) return true;
      }
      const lane = open.reduce((a, b) => (b.position < a.position ? b : a));
      if (!lane.current) {
        const job = lane.jobs.shift() as Job;
        lane.current = { job, batches: lane.worker ? lane.worker.batches(job.source) : validatedBatches(job.source), totals: { ...job.from }, finished: false };
      }
      const { job, batches, totals } = lane.current;
      const next = await batches.next();
      if (next.done) {
        lane.current = undefined;
        if (lane.jobs.length === 0) open.splice(open.indexOf(lane), 1);
        continue;
      }
      const batch = next.value;
      lane.current.finished = batch.done;
      const result = await processBatch(ctx, job, batch);
      lane.position += batch.count;
      totals.recordsDone += batch.count;
      totals.rowsLoaded += result.loaded;
      totals.rowsQuarantined += result.quarantined;
      totals.duplicatesSkipped += result.duplicates;
      ctx.thisRun.rowsRead += batch.count;
      ctx.thisRun.rowsLoaded += result.loaded;
      ctx.thisRun.rowsQuarantined += result.quarantined;
      ctx.thisRun.duplicatesSkipped += result.duplicates;
      const seconds = (performance.now() - ctx.startedAt) / 1000;
      options.onProgress?.({
        file: job.file,
        recordsDone: totals.recordsDone,
        loaded: totals.rowsLoaded,
        quarantined: totals.rowsQuarantined,
        duplicates: totals.duplicatesSkipped,
        rate: seconds > 0 ? ctx.thisRun.rowsRead / seconds : 0,
        done: batch.done,
      });
      const pending = store.pending;
      if (batch.done || pending.records >= batchSize || pending.ms >= MAX_TRANSACTION_MS) store.commit();
    }
  } catch (error) {
    store.rollback();
    throw error;
  }
  store.commit();
  return false;
}

async function processBatch(ctx: LoadContext, job: Job, batch: ValidatedBatch) {
  const { store } = ctx;
  // Rows already loaded (committed, or written earlier in the open transaction) are dropped before
  // enrichment, so no API call is paid for an order that will not load, and before sessions are
  // planned, so a duplicate event never sends its user to the recompute. With an offline provider
  // nothing is paid: orders go straight to the insert, which ignores and counts the duplicates.
  // (duplicates inside the batch were dropped by the reader)
  const fresh = <T extends { id: string }>(kind: SourceKind, rows: T[]): { rows: T[]; duplicates: number; from?: number[] } => {
    if (rows.length === 0) return { rows, duplicates: 0 };
    const existing = store.existingIds(kind, rows.map((r) => r.id));
    if (existing.size === 0) return { rows, duplicates: 0 };
    // which records were kept (the reader's session plan is by position in the batch)
    const from: number[] = [];
    rows.forEach((r, i) => {
      if (!existing.has(r.id)) from.push(i);
    });
    return { rows: from.map((i) => rows[i] as T), duplicates: existing.size, from };
  };
  const { rows: newOrders, duplicates: orderDuplicates } = ctx.provider.offline ? { rows: batch.orders, duplicates: 0 } : fresh('orders', batch.orders);
  const { rows: events, duplicates: eventDuplicates, from: eventsFrom } = fresh('events', batch.events);
  let toLoad: OrderToLoad[] = [];
  if (newOrders.length > 0) {
    if (!ctx.provider.offline) store.commit();
    const categories = await ctx.provider.categorize(newOrders.map((o) => ({ id: o.id, product: o.product })));
    toLoad = newOrders.map((o) => {
      const c = categories.get(o.id);
      // a literal, not a spread: this runs for every order on the loader's thread
      return {
        id: o.id,
        customerName: o.customerName,
        product: o.product,
        amountCents: o.amountCents,
        currency: o.currency,
        orderedAt: o.orderedAt,
        index: o.index,
        category: c?.category ?? 'other',
        categorySource: c?.source ?? 'missing',
      };
    });
  }
  return store.writeBatch({
    sourceSha256: job.sha256,
    sourceFile: resolve(job.file),
    kind: job.kind,
    fromIndex: batch.fromIndex,
    toIndex: batch.fromIndex + batch.count,
    orders: toLoad,
    events,
    quarantine: batch.quarantine,
    duplicates: batch.duplicates + orderDuplicates + eventDuplicates,
    completed: batch.done,
    // the reader planned the sessions of all of the batch's events; the loader replans the users of dropped ones
    sessionGuess: batch.sessionGuess && { guess: batch.sessionGuess, from: eventsFrom },
  });
}

export type { SqliteDb };
