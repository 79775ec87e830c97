#!/usr/bin/env node
// Committed shim so package managers can link the bin before `dist/` is built.
import { runCli } from '../dist/cli.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`gen-edge-tests: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 3;
  },
);
