/**
 * Writes (or, with `--check`, compares) generated files, never touching a file this tool did not write.
 *
 * @rationale Compare bytes, and refuse files without our header
 *   why: `--check` in CI must fail exactly when a developer forgot to regenerate, and a hand-written
 *     `transforms.edge.test.ts` that happens to share the name must survive every run.
 *   alternatives: compare only the header hash (misses a header copied onto new content); overwrite
 *     after a backup (still destroys the user's intent)
 *   tradeoffs: an unchanged file is not rewritten, so its modification time stays put
 */
import fs from 'node:fs';
import path from 'node:path';
import { hasGeneratedHeader } from './render';

export type FileStatus = 'written' | 'unchanged' | 'up-to-date' | 'stale' | 'missing' | 'conflict' | 'removed' | 'orphaned';

export function syncFile(file: string, content: string, check: boolean): FileStatus {
  let existing: string | undefined;
  try {
    existing = fs.readFileSync(file, 'utf8');
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && !hasGeneratedHeader(existing)) return 'conflict';
  if (check) {
    if (existing === undefined) return 'missing';
    return existing === content ? 'up-to-date' : 'stale';
  }
  if (existing === content) return 'unchanged';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return 'written';
}

/**
 * A generated file whose module no longer has testable functions: removed (it would import exports
 * that are gone), or reported as `orphaned` with `--check`. Files without our header are never touched.
 */
export function removeOrphan(file: string, check: boolean): FileStatus | undefined {
  let existing: string;
  try {
    existing = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (!hasGeneratedHeader(existing)) return undefined;
  if (check) return 'orphaned';
  fs.rmSync(file);
  return 'removed';
}
