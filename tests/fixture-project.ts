/**
 * The part every end-to-end helper shares: a throwaway copy of a fixture project whose
 * `node_modules` links to the workspace's own packages, and its removal.
 *
 * @rationale One copy-and-link step for every end-to-end suite
 *   why: tests never install from a registry; linking the workspace's packages into a temp copy is the
 *     same mechanism for the ESLint and the generator suites, only the fixture and the links differ.
 *   alternatives: a copy of this code per suite (drifted once already: one made scope folders by hand)
 *   tradeoffs: links point at the workspace, so the linked packages must be built first
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fails with the command to run when any of `files` (relative to `root`) has not been built. */
export function assertBuilt(root: string, files: readonly string[], buildCommand: string): void {
  for (const file of files) {
    if (!existsSync(join(root, file))) throw new Error(`${join(root, file)} is missing: build it first with \`${buildCommand}\``);
  }
}

/** Copy `fixtureDir` to a new temporary folder whose node_modules holds `links` (package name → folder). */
export function copyLinkedFixture(fixtureDir: string, prefix: string, links: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(fixtureDir, dir, { recursive: true });
  for (const [pkg, target] of Object.entries(links)) {
    const link = join(dir, 'node_modules', pkg);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
  return dir;
}

/** Removes a project made by `copyLinkedFixture` (only ever below the temp folder). */
export function removeProject(dir: string | undefined): void {
  if (dir !== undefined && dir.startsWith(tmpdir())) rmSync(dir, { recursive: true, force: true });
}
