/**
 * TypeScript's compiler API for the type-checked rules.
 *
 * @rationale Load `typescript` with `require` (through `createRequire`), never with `import ts from 'typescript'`
 *   why: when an ES module imports a CommonJS module, Node reads that module's whole source with
 *     cjs-module-lexer to find its named exports, in every process, even when `require` has already
 *     loaded it. For typescript.js (about 9 MB) that is ~270 ms of CPU each time ESLint loads the plugin
 *     from an ES-module config (measured on Node 20: `await import('typescript')` after
 *     `require('typescript')`), which is most of what a small typed lint run pays for pipeguard.
 *     `require` returns the module typescript-eslint has already loaded, with no lexing.
 *   alternatives: a default import (the lexing cost above); loading it in each rule's `create` (the same
 *     `require` cache hit, with the API threaded through every helper)
 *   tradeoffs: the value is typed by hand (`typeof import('typescript')`); the CommonJS build relies on
 *     tsup's `shims` for `import.meta.url`
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

/** The `typescript` module, the same instance typescript-eslint's parser uses. */
export const typescript = createRequire(import.meta.url)('typescript') as typeof TS;
