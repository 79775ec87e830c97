// Entry of the batch worker thread. Under tsx (`pnpm demo`, the CLI, the bench) the thread inherits the
// TypeScript loader and the import below just works; where it does not (vitest runs the app's modules
// through its own runner, not a Node loader), tsx's API registers one for this thread first.
try {
  await import('./batch-worker.ts');
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  const { register } = await import('tsx/esm/api');
  register();
  // a new specifier: the failed import above stays cached under the plain one
  await import('./batch-worker.ts?with-tsx');
}
