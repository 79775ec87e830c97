/**
 * `pipeguard-demo run …` and `pipeguard-demo generate …`.
 *
 * @rationale node:util parseArgs, strict, with our own help text
 *   why: two subcommands and a dozen flags do not need a framework; parseArgs is in Node, rejects
 *     unknown flags in strict mode, and its errors are rewritten to say what to type instead.
 *   alternatives: cac / commander (a dependency for the same result)
 *   tradeoffs: the help text is written by hand and kept next to the option table
 */
import type { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { generateSample } from './generate/generate-sample';
import { PROVIDER_NAMES, type ProviderName } from './enrich/provider';
import { InputError } from './ingest/source';
import { PipelineUsageError, runPipeline } from './pipeline';
import { createProgressPrinter } from './report/progress';
import { formatSummary } from './report/summary';

export const HELP = `Usage:
  pipeguard-demo run <orders.csv|events.jsonl>... [options]
  pipeguard-demo generate --rows N --seed S --out DIR [--events N] [--ugly-rate 0.05] [--no-truncate]

run options:
  --db PATH                 SQLite database (default .data/pipeline.db)
  --provider NAME           rules (default, offline) | openai | anthropic
  --model NAME              model for openai/anthropic (defaults gpt-4o-mini, claude-3-5-haiku-latest)
  --base-url URL            OpenAI-compatible (or Anthropic) server; API key from OPENAI_API_KEY / ANTHROPIC_API_KEY
  --json                    print the summary as one JSON object on one stdout line
  --batch-size N            records per transaction (default 100000; commits also after 2 s)
  --rpm N --tpm N           requests / tokens per minute (default 60 / 100000)
  --concurrency N           parallel API requests (default 4)
  --retries N               retries after the first try (default 3)
  --attempt-timeout MS      per-attempt timeout (default 30000)
  --items-per-request N     orders classified per API request (default 20)
  --progress-interval MS    progress line on stderr at most this often (default 1000; 0 = every batch)
  --no-lineage              do not write the OpenLineage / Mermaid files
  --no-ingest-worker        read and validate on the main thread (default: a worker thread when the
                            inputs add up to 1 MiB or more)
`;

const RUN_OPTIONS = {
  db: { type: 'string', default: '.data/pipeline.db' },
  provider: { type: 'string', default: 'rules' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  json: { type: 'boolean', default: false },
  'batch-size': { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  concurrency: { type: 'string' },
  retries: { type: 'string' },
  'attempt-timeout': { type: 'string' },
  'items-per-request': { type: 'string' },
  'progress-interval': { type: 'string', default: '1000' },
  'no-lineage': { type: 'boolean', default: false },
  'no-ingest-worker': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

const GENERATE_OPTIONS = {
  rows: { type: 'string' },
  seed: { type: 'string', default: '1' },
  out: { type: 'string' },
  events: { type: 'string' },
  'ugly-rate': { type: 'string' },
  'no-truncate': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

function integer(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${String(min)}, got "${value}"`);
  return n;
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, '')}; see --help`);
  }
}

/** Runs the CLI; returns the exit code (0 ok, 1 invariant violated or interrupted, 2 bad usage or input). */
/** Where the CLI writes: stdout gets the summary, stderr progress, warnings and errors. */
export interface CliIo {
  stdout: Pick<Writable, 'write'>;
  stderr: Writable & { isTTY?: boolean };
}

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'generate') {
      const { values } = parse(rest, GENERATE_OPTIONS);
      if (values.help) return (io.stdout.write(HELP), 0);
      const rows = integer('rows', values.rows);
      if (rows === undefined || values.out === undefined) throw new UsageError('generate needs --rows N and --out DIR, e.g. generate --rows 100000 --seed 7 --out .data/gen');
      const events = integer('events', values.events);
      const uglyRate = values['ugly-rate'] === undefined ? undefined : Number(values['ugly-rate']);
      const result = await generateSample({
        rows,
        seed: integer('seed', values.seed) ?? 1,
        outDir: values.out,
        truncateLast: !values['no-truncate'],
        ...(events === undefined ? {} : { events }),
        ...(uglyRate === undefined ? {} : { uglyRate }),
      });
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    if (command === 'run') {
      const { values, positionals } = parse(rest, RUN_OPTIONS);
      if (values.help) return (io.stdout.write(HELP), 0);
      if (positionals.length === 0) throw new UsageError('run needs at least one input, e.g. run data/sample/orders.csv data/sample/events.jsonl');
      if (!(PROVIDER_NAMES as readonly string[]).includes(values.provider)) {
        throw new UsageError(`--provider must be one of ${PROVIDER_NAMES.join(', ')}, got "${values.provider}"`);
      }
      const limits = Object.fromEntries(
        Object.entries({
          requestsPerWindow: integer('rpm', values.rpm, 1),
          tokensPerWindow: integer('tpm', values.tpm, 1),
          concurrency: integer('concurrency', values.concurrency, 1),
          retries: integer('retries', values.retries),
          attemptTimeoutMs: integer('attempt-timeout', values['attempt-timeout'], 1),
        }).filter(([, v]) => v !== undefined),
      );
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const batchSize = integer('batch-size', values['batch-size'], 1);
      const itemsPerRequest = integer('items-per-request', values['items-per-request'], 1);
      const summary = await runPipeline({
        inputs: positionals,
        db: values.db,
        provider: values.provider as ProviderName,
        limits,
        signal: controller.signal,
        onProgress: createProgressPrinter(io.stderr, integer('progress-interval', values['progress-interval']) ?? 1000),
        onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
        ...(values.model === undefined ? {} : { model: values.model }),
        ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }),
        ...(batchSize === undefined ? {} : { batchSize }),
        ...(itemsPerRequest === undefined ? {} : { itemsPerRequest }),
        ...(values['no-lineage'] ? { lineageDir: false as const } : {}),
        ...(values['no-ingest-worker'] ? { ingestWorker: false } : {}),
      });
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
      if (!summary.invariantHolds) {
        io.stderr.write('error: rows read ≠ loaded + quarantined + duplicates; inspect the checkpoint table\n');
        return 1;
      }
      return summary.interrupted ? 1 : 0;
    }
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command "${command}": use run or generate (see --help)`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PipelineUsageError || error instanceof InputError || error instanceof RangeError) {
      io.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = await main(process.argv.slice(2));
}
