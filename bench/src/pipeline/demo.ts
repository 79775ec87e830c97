/** How the bench reaches the demo pipeline's programmatic API (`runPipeline`, `generateSample`). */

export interface DemoModule {
  /** the pipeline's SQLite connection settings (`PRAGMA` bodies) */
  SQLITE_PRAGMAS: readonly string[];
  /** the Node flags the pipeline's CLI runs it with (the bench runs the pipeline and its floor with them too) */
  NODE_FLAGS?: readonly string[];
  runPipeline: (options: {
    inputs: readonly string[];
    db: string;
    provider?: string;
    lineageDir?: string | false;
    batchSize?: number;
    onProgress?: () => void;
  }) => Promise<{
    rowsRead: number;
    rowsLoaded: number;
    rowsQuarantined: number;
    duplicatesSkipped: number;
    invariantHolds: boolean;
    durationMs: number;
    apiCalls: number;
  }>;
  generateSample: (options: { rows: number; seed: number; outDir: string; events?: number }) => Promise<{
    ordersPath: string;
    eventsPath: string;
    orderRows: number;
    eventRows: number;
  }>;
}

/** The demo app through its package name (as a user would), else its source entry in this workspace. */
export async function loadDemo(): Promise<{ demo: DemoModule; via: string }> {
  // A variable specifier: the app may not declare `exports` (it is private), so no static resolution.
  const name = '@pipeguard/demo-pipeline';
  try {
    return { demo: (await import(name)) as DemoModule, via: name };
  } catch {
    const entry = new URL('../../../apps/demo-pipeline/src/index.ts', import.meta.url);
    return { demo: (await import(entry.href)) as DemoModule, via: 'apps/demo-pipeline/src/index.ts' };
  }
}

