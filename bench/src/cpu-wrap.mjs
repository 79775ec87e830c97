// Runs a Node CLI script in this process and records the CPU time it used, for commands whose own
// code we do not control (tsc, gen-edge-tests):
//   node cpu-wrap.mjs <out.json> <script> [args...]
// Writes { cpuMs, wallMs, maxRssMb } to <out.json> when the process exits (also on process.exit()).
// Plain .mjs (no TypeScript loader) so the wrapper itself adds nothing measurable.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [outFile, script, ...args] = process.argv.slice(2);
if (!outFile || !script) {
  process.stderr.write('usage: node cpu-wrap.mjs <out.json> <script> [args...]\n');
  process.exit(2);
}
const wallStart = performance.now();
const cpuStart = process.cpuUsage();
process.on('exit', () => {
  const cpu = process.cpuUsage(cpuStart);
  writeFileSync(
    outFile,
    JSON.stringify({
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: performance.now() - wallStart,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
});
// The wrapped script reads process.argv as if it had been started directly.
process.argv = [process.argv[0], script, ...args];
if (script.endsWith('.cjs') || script.endsWith('tsc.js')) {
  createRequire(import.meta.url)(script);
} else {
  await import(pathToFileURL(script).href);
}
