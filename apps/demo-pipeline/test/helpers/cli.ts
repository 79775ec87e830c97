import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a child node process (no tsx wrapper process, so a kill hits the pipeline itself). */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onStderrLine?: (line: string, child: ChildProcess) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: APP_DIR,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onStderrLine?.(line, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A canonical dump of the data tables (everything a rerun must reproduce exactly). */
export function dumpDatabase(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const q = (sql: string) => db.prepare(sql).all();
    return {
      orders: q('SELECT * FROM orders ORDER BY order_id'),
      events: q('SELECT * FROM events ORDER BY event_id'),
      sessions: q('SELECT * FROM sessions ORDER BY session_id'),
      quarantine: q('SELECT * FROM quarantine ORDER BY id'),
      checkpoint: q('SELECT * FROM checkpoint ORDER BY source_sha256'),
      pipeline_state: q('SELECT * FROM pipeline_state ORDER BY key'),
      order_totals: q('SELECT * FROM order_totals ORDER BY category_source, currency'),
    };
  } finally {
    db.close();
  }
}

/** Row count and SHA-256 of every data table's canonical dump: cheap to compare for 200k rows. */
export function digestDatabase(file: string): Record<string, { rows: number; sha256: string }> {
  return Object.fromEntries(
    Object.entries(dumpDatabase(file)).map(([table, rows]) => {
      const hash = createHash('sha256');
      for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
      return [table, { rows: rows.length, sha256: hash.digest('hex') }];
    }),
  );
}
