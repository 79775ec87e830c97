/**
 * The real half of the lint corpus: a deterministic pick of `.ts` files from installed packages.
 *
 * @rationale Copy a hash-ordered sample of installed `.ts` / `.d.ts` files into the corpus folder
 *   why: generated code only has the shapes we thought of; real library code (huge declaration files,
 *     overloads, namespaces, long comments) is where a doc linter's per-comment cost shows. Ordering by a
 *     hash of the package-relative path makes the pick stable for a given lockfile and independent of
 *     the order the file system lists directories in.
 *   alternatives: lint inside node_modules in place (ESLint ignores node_modules by default and the
 *     absolute paths differ between machines); fetch a repository (no network in CI)
 *   tradeoffs: the sample changes when the lockfile changes; the run records how many files it used
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fnv1a } from '../rng';

export interface RealCorpus {
  files: string[];
  bytes: number;
  /** how many candidate files were found before sampling */
  candidates: number;
}

const MAX_BYTES = 150_000;

function walk(dir: string, out: string[], depth: number): void {
  if (depth > 12) return;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      // Nested node_modules inside .pnpm entries are symlinks to other entries: skip to avoid duplicates.
      if (entry.name === 'node_modules' && depth > 0) continue;
      walk(full, out, depth + 1);
    } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.mts') && !entry.name.endsWith('.d.cts')) {
      out.push(full);
    }
  }
}

/**
 * Pick `count` `.ts` files (sources and declarations, ≤ 150 kB each) from `<workspace>/node_modules/.pnpm`
 * and copy them to `<root>/real/<package>/<path>`.
 */
export function pickRealFiles(options: { workspace: string; root: string; count: number }): RealCorpus {
  const store = join(options.workspace, 'node_modules', '.pnpm');
  const candidates: { source: string; key: string }[] = [];
  let storeEntries: string[];
  try {
    storeEntries = readdirSync(store).sort();
  } catch {
    storeEntries = [];
  }
  for (const entry of storeEntries) {
    const found: string[] = [];
    walk(join(store, entry, 'node_modules'), found, 0);
    for (const source of found) {
      // key: `<package>/<path inside it>`, without the store's version-hash folder name
      const key = relative(join(store, entry, 'node_modules'), source).split(sep).join('/');
      candidates.push({ source, key });
    }
  }
  const unique = new Map<string, string>();
  for (const c of candidates) if (!unique.has(c.key)) unique.set(c.key, c.source);
  const ordered = [...unique.entries()].sort(([a], [b]) => fnv1a(a) - fnv1a(b) || (a < b ? -1 : 1));
  const outDir = join(options.root, 'real');
  rmSync(outDir, { recursive: true, force: true });
  const files: string[] = [];
  let bytes = 0;
  for (const [key, source] of ordered) {
    if (files.length >= options.count) break;
    const size = statSync(source).size;
    if (size === 0 || size > MAX_BYTES) continue;
    const target = join(outDir, key.replace(/^@/, ''));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    files.push(relative(options.root, target).split(sep).join('/'));
    bytes += size;
  }
  return { files, bytes, candidates: unique.size };
}
