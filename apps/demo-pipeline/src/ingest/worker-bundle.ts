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
 *   tradeoffs: one file per distinct bundle in the OS temp folder (named by its content hash, reused
 *     by later runs); esbuild becomes a dependency of the app
 */
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let bundled: Promise<URL | undefined> | undefined;

/**
 * A file URL of the bundled worker, or `undefined` when it cannot be built (then use
 * `batch-worker.mjs`). Built once per process.
 */
export function workerBundle(): Promise<URL | undefined> {
  bundled ??= build().catch(() => undefined);
  return bundled;
}

async function build(): Promise<URL | undefined> {
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
  const file = join(tmpdir(), `pipeguard-demo-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  // the name is the content's hash: an existing file is this bundle (written whole or not at all)
  if (!existsSync(file)) {
    const partial = `${file}.${String(process.pid)}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  return pathToFileURL(file);
}
