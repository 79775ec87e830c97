import { describe, expect, it } from 'vitest';
import { perFile } from '../src/util/perFile.js';

describe('perFile', () => {
  it('computes once per file object and hands every caller the same value', () => {
    let made = 0;
    const get = perFile((file: { name: string }) => ({ name: file.name, n: ++made }));
    const a = { name: 'a.ts' };
    const b = { name: 'b.ts' };
    const first = get(a);
    expect(get(a)).toBe(first);
    expect(get(b)).not.toBe(first);
    expect(get(b).name).toBe('b.ts');
    expect(made).toBe(2);
  });

  it('keys by identity: an equal but different file object gets its own value', () => {
    const get = perFile(() => new Map<string, number>());
    expect(get({ name: 'a.ts' })).not.toBe(get({ name: 'a.ts' }));
  });

  it('keeps a falsy value instead of making it again', () => {
    let made = 0;
    const get = perFile(() => {
      made++;
      return 0;
    });
    const file = {};
    get(file);
    get(file);
    // 0 is a value like any other: only `undefined` means "not made yet"
    expect(made).toBe(1);
  });

  it('each getter has its own cache', () => {
    const file = {};
    const one = perFile(() => ['one']);
    const two = perFile(() => ['two']);
    expect(one(file)).toEqual(['one']);
    expect(two(file)).toEqual(['two']);
  });
});
