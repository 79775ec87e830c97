import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/loadConfig';

const FILE = 'gen-edge-tests.config.json';

describe('validateConfig', () => {
  it('accepts every key with a good value; a single include string becomes a list', () => {
    expect(
      validateConfig(
        { include: 'src/**/*.ts', exclude: ['**/*.gen.ts'], project: 'tsconfig.app.json', out: 'edge', runs: 50, seed: -3, filter: '^parse', malformed: 'lenient', timeout: 500, discover: 'tagged' },
        FILE,
      ),
    ).toEqual({ include: ['src/**/*.ts'], exclude: ['**/*.gen.ts'], project: 'tsconfig.app.json', out: 'edge', runs: 50, seed: -3, filter: '^parse', malformed: 'lenient', timeout: 500, discover: 'tagged' });
    expect(validateConfig({}, FILE)).toEqual({});
  });

  it('names the file and the key for bad values', () => {
    expect(() => validateConfig({ runs: 0 }, FILE)).toThrow('gen-edge-tests.config.json: "runs" must be a positive integer, got 0. Fix the value or remove the key.');
    expect(() => validateConfig({ runs: 1.5 }, FILE)).toThrow('"runs" must be a positive integer, got 1.5');
    expect(() => validateConfig({ include: [1] }, FILE)).toThrow('"include" must be a string or an array of strings, got [1]');
    expect(() => validateConfig({ discover: 'all' }, FILE)).toThrow('"discover" must be "exported" or "tagged", got "all"');
    expect(() => validateConfig({ out: '' }, FILE)).toThrow('"out" must be a string, got ""');
  });

  it('rejects unknown keys and non-objects', () => {
    expect(() => validateConfig({ run: 5 }, 'package.json#genEdgeTests')).toThrow('package.json#genEdgeTests: unknown key "run". Known keys:');
    expect(() => validateConfig([1], FILE)).toThrow('gen-edge-tests.config.json: the config must be an object (e.g. `{ "runs": 100 }`), got an array.');
    expect(() => validateConfig('runs', FILE)).toThrow('got string');
  });
});
