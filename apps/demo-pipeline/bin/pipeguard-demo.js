#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (the app is not compiled: it runs from its sources).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import settings from '../src/node-flags.json' with { type: 'json' };

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
// resolved from this package, so the bin works from any working directory
const tsx = import.meta.resolve('tsx');
// the Node settings the pipeline is tuned for (see src/node-flags.json)
const flags = [`--max-semi-space-size=${String(settings.semiSpaceMb)}`];
const result = spawnSync(process.execPath, [...flags, '--import', tsx, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
