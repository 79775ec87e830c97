/**
 * The ingest worker's code as one JavaScript file, so a worker thread starts without a TypeScript loader.
 *
 * @rationale Bundle `batch-worker.ts` with esbuild once per process and start the workers from the bundle
 *   why: the app runs from its TypeScript sources; a worker thread does not inherit the main thread's
 *     tsx loader, so each worker registered tsx (its own loader thread) and loaded ~20 modules and zod's
 *     files through it: ~0.35 s of CPU per worker before its first record, on a machine whose two
 *     cores are busy with everything else starting at the same time. esbuild (already what tsx uses)
 *     bundles the worker in ~0.1 s in its own process while the main thread hashes the inputs; a
 *     worker then starts in about the time a bare worker does. If bundling fails for any reason the
 *     worker starts the old way (`batch-worker.mjs` registers tsx), which gives the same batches.
 *   alternatives: compile the app ahead of time (a build step for a demo that runs from sources); keep
 *     tsx in the workers (the cost above)
 *   tradeoffs: the bundle (~0.8 MB) is written to a private folder made for the run in the OS temp
 *     folder (`mkdtemp`, mode 0700: nobody else can put code there for the workers to run) and removed
 *     when the run ends; a killed process leaves it behind, and the next run removes the folders of
 *     processes that no longer exist; esbuild becomes a dependency of the app
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A bundle on disk: start workers from `entry`; `dispose()` removes it once they have all started. */
export interface WorkerBundle {
  entry: URL;
  dispose: () => void;
}

/**
 * The worker's code bundled into a private temporary folder, or `undefined` when it cannot be built
 * (then start workers from `batch-worker.mjs`).
 */
export function buildWorkerBundle(): Promise<WorkerBundle | undefined> {
  return build().catch(() => undefined);
}

const PREFIX = 'pipeguard-demo-worker-';

/** Removes the bundle folders of processes that have ended without removing theirs (killed runs). */
function removeLeftovers(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || alive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // another user's folder, or already gone
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function build(): Promise<WorkerBundle | undefined> {
  const entry = fileURLToPath(new URL('./batch-worker.ts', import.meta.url));
  if (!existsSync(entry)) return undefined;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // CommonJS dependencies (papaparse) call require(): give the ES module one
    banner: { js: "import { createRequire as __pgCreateRequire } from 'node:module'; const require = __pgCreateRequire(import.meta.url);" },
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) return undefined;
  // a folder of our own (a shared temp folder could hold a file planted under a predictable name)
  removeLeftovers();
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${String(process.pid)}-`));
  const file = join(dir, 'batch-worker.mjs');
  writeFileSync(file, code, { mode: 0o600 });
  return { entry: pathToFileURL(file), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
