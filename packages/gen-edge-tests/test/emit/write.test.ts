import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncFile } from '../../src/emit/write';
import { HEADER_MARKER } from '../../src/emit/render';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-edge-tests-write-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const generated = `${HEADER_MARKER} 1.0.0 from a.ts\nbody\n`;

describe('syncFile', () => {
  it('writes a new file, creating folders, then reports it unchanged', () => {
    const file = path.join(dir, 'deep', 'a.edge.test.ts');
    expect(syncFile(file, generated, false)).toBe('written');
    expect(fs.readFileSync(file, 'utf8')).toBe(generated);
    const mtime = fs.statSync(file).mtimeMs;
    expect(syncFile(file, generated, false)).toBe('unchanged');
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });

  it('overwrites a file it generated earlier', () => {
    const file = path.join(dir, 'a.edge.test.ts');
    fs.writeFileSync(file, `${HEADER_MARKER} 0.9.0 from a.ts\nold\n`);
    expect(syncFile(file, generated, false)).toBe('written');
    expect(fs.readFileSync(file, 'utf8')).toBe(generated);
  });

  it('never overwrites a file without the header', () => {
    const file = path.join(dir, 'a.edge.test.ts');
    const mine = "import { it } from 'vitest';\nit('is mine', () => {});\n";
    fs.writeFileSync(file, mine);
    expect(syncFile(file, generated, false)).toBe('conflict');
    expect(syncFile(file, generated, true)).toBe('conflict');
    expect(fs.readFileSync(file, 'utf8')).toBe(mine);
  });

  it('--check: missing, stale, up to date, and never writes', () => {
    const file = path.join(dir, 'a.edge.test.ts');
    expect(syncFile(file, generated, true)).toBe('missing');
    expect(fs.existsSync(file)).toBe(false);
    fs.writeFileSync(file, generated.replace('body', 'older body'));
    expect(syncFile(file, generated, true)).toBe('stale');
    fs.writeFileSync(file, generated);
    expect(syncFile(file, generated, true)).toBe('up-to-date');
  });
});
