#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (the app is not compiled: it runs from its sources).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
// resolved from this package, so the bin works from any working directory
const tsx = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--import', tsx, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
