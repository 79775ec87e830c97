/**
 * Run a command as a child process and time it from spawn to exit.
 *
 * @rationale node:child_process, timed with performance.now around spawn → close
 *   why: the quick mode must run on a fresh CI machine without hyperfine; a child process per
 *     measurement keeps every run cold and equal, and Node gives us the exit code, output and time
 *   alternatives: hyperfine (Debian package, not on fresh machines); execa (one more dependency for
 *     what spawn already does here)
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runChild(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - start,
      });
    });
  });
}

/** `node --import tsx <script>`: runs one of our TypeScript worker scripts in a fresh process. */
export function runTsWorker(
  scriptUrl: URL,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; nodeArgs?: readonly string[] } = {},
): Promise<ChildResult> {
  const tsx = import.meta.resolve('tsx');
  return runChild(process.execPath, [...(options.nodeArgs ?? []), '--import', tsx, fileURLToPath(scriptUrl), ...args], options);
}

/**
 * The last stdout line that is a JSON object, parsed; throws with the child's stderr when there is none.
 * (Lines after it are allowed: V8's `--trace-opt` keeps printing while the process exits.)
 */
export function parseLastJsonLine<T>(result: ChildResult, what: string): T {
  const line = result.stdout.trim().split('\n').findLast((l) => l.startsWith('{')) ?? '';
  if (result.code !== 0 || !line.startsWith('{')) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
    throw new Error(`${what} failed (exit ${String(result.code)}${result.signal ? `, ${result.signal}` : ''}):\n${tail}`);
  }
  return JSON.parse(line) as T;
}
