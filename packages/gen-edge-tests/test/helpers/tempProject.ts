import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES } from './program';

/** Copy a fixture project into a fresh temporary folder; returns its path. */
export function tempProject(fixture: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-edge-tests-unit-'));
  fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

export function read(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

export function removeTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
