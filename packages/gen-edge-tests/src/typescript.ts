/**
 * TypeScript's compiler API, as every module of gen-edge-tests uses it.
 *
 * @rationale Load `typescript` with `require` (through `createRequire`), never with `import ts from 'typescript'`
 *   why: when an ES module imports a CommonJS module, Node first reads that module's whole source with
 *     cjs-module-lexer to find its named exports. For typescript.js (about 9 MB) that costs ~330 ms of CPU
 *     on every `gen-edge-tests` run, on top of loading it (measured on Node 20: a fresh
 *     `await import('typescript')` 490 ms of CPU, `require('typescript')` 155 ms), about a sixth of a run
 *     on a 1,000-function project.
 *   alternatives: a default import (the lexing cost above); rewriting the import at build time (hides
 *     the reason in the build config, and the tests would load TypeScript differently from the CLI)
 *   tradeoffs: types come from `import type * as ts from 'typescript'` and values from `typescript`
 *     here, so a module names both; the CommonJS build relies on tsup's `shims` for `import.meta.url`
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

/** The `typescript` module (the copy the project's own `typescript` dependency resolves to). */
export const typescript = createRequire(import.meta.url)('typescript') as typeof TS;
