/**
 * Loads `gen-edge-tests.config.{ts,mts,js,mjs,cjs,json}` or `package.json#genEdgeTests`.
 *
 * @rationale lilconfig finds the file, jiti loads TypeScript configs
 *   why: lilconfig is the zero-dependency cosmiconfig-compatible finder (same search rules users know
 *     from other tools); jiti imports a `.ts` config without the user compiling it, on Node 20 too.
 *   alternatives: cosmiconfig (more dependencies, same behaviour); Node's type stripping (not on
 *     Node 20, and not for `.ts` files inside node_modules)
 *   tradeoffs: a config file is code and runs when loaded; user *source* code never does
 */
import fs from 'node:fs';
import path from 'node:path';
import { lilconfig, type Loader } from 'lilconfig';
import { createJiti } from 'jiti';
import { UsageError } from '../discover/program';

export interface FileConfig {
  /** files or globs to scan (like the positional arguments) */
  include?: string[];
  exclude?: string[];
  project?: string;
  out?: string;
  runs?: number;
  seed?: number;
  filter?: string;
  malformed?: 'strict' | 'lenient' | 'off';
  timeout?: number;
  /** `exported` (default): every exported function; `tagged`: only functions tagged `@transform` */
  discover?: 'exported' | 'tagged';
}

export interface LoadedConfig {
  config: FileConfig;
  /** absolute path of the file it came from, or undefined when there is none */
  filepath: string | undefined;
}

export const CONFIG_FILES = [
  'package.json',
  'gen-edge-tests.config.ts',
  'gen-edge-tests.config.mts',
  'gen-edge-tests.config.js',
  'gen-edge-tests.config.mjs',
  'gen-edge-tests.config.cjs',
  'gen-edge-tests.config.json',
];

const KEYS: Record<keyof FileConfig, string> = {
  include: 'a string or an array of strings',
  exclude: 'an array of strings',
  project: 'a string',
  out: 'a string',
  runs: 'a positive integer',
  seed: 'an integer',
  filter: 'a string (regular expression)',
  malformed: '"strict", "lenient" or "off"',
  timeout: 'a positive integer (ms)',
  discover: '"exported" or "tagged"',
};

function codeLoader(cwd: string): Loader {
  return async (filepath: string): Promise<unknown> => {
    const jiti = createJiti(path.join(cwd, 'gen-edge-tests.config-loader.js'), { interopDefault: true, moduleCache: false });
    return jiti.import(filepath, { default: true });
  };
}

/** Check a raw config object; every problem names the file and the key. */
export function validateConfig(raw: unknown, filepath: string): FileConfig {
  const where = filepath;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`${where}: the config must be an object (e.g. \`{ "runs": 100 }\`), got ${Array.isArray(raw) ? 'an array' : typeof raw}.`);
  }
  const obj = raw as Record<string, unknown>;
  const out: FileConfig = {};
  const bad = (key: string, value: unknown): UsageError =>
    new UsageError(`${where}: "${key}" must be ${KEYS[key as keyof FileConfig]}, got ${JSON.stringify(value)}. Fix the value or remove the key.`);
  for (const [key, value] of Object.entries(obj)) {
    switch (key) {
      case 'include':
        if (typeof value === 'string') out.include = [value];
        else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out.include = value;
        else throw bad(key, value);
        break;
      case 'exclude':
        if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out.exclude = value;
        else throw bad(key, value);
        break;
      case 'project':
      case 'out':
      case 'filter':
        if (typeof value !== 'string' || value === '') throw bad(key, value);
        out[key] = value;
        break;
      case 'runs':
      case 'timeout':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw bad(key, value);
        out[key] = value;
        break;
      case 'seed':
        if (typeof value !== 'number' || !Number.isInteger(value)) throw bad(key, value);
        out.seed = value;
        break;
      case 'malformed':
        if (value !== 'strict' && value !== 'lenient' && value !== 'off') throw bad(key, value);
        out.malformed = value;
        break;
      case 'discover':
        if (value !== 'exported' && value !== 'tagged') throw bad(key, value);
        out.discover = value;
        break;
      default:
        throw new UsageError(`${where}: unknown key "${key}". Known keys: ${Object.keys(KEYS).join(', ')}.`);
    }
  }
  return out;
}

/** The config file lilconfig would have read in `cwd` (to name it when loading failed). */
function searchedFile(cwd: string): string | undefined {
  for (const name of CONFIG_FILES) {
    const full = path.join(cwd, name);
    if (!fs.existsSync(full)) continue;
    if (name !== 'package.json') return name;
    const text = fs.readFileSync(full, 'utf8');
    if (text.includes('"genEdgeTests"')) return `${name}#genEdgeTests`;
    try {
      JSON.parse(text);
    } catch {
      return name; // lilconfig failed on package.json itself
    }
  }
  return undefined;
}

/** Find and load the config in `cwd` (not its parents: what applies is visible where you run). */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const loader = codeLoader(cwd);
  const searcher = lilconfig('gen-edge-tests', {
    searchPlaces: CONFIG_FILES,
    packageProp: 'genEdgeTests',
    stopDir: cwd,
    cache: false,
    loaders: { '.ts': loader, '.mts': loader, '.js': loader, '.mjs': loader, '.cjs': loader },
  });
  let result;
  try {
    result = explicit !== undefined ? await searcher.load(path.resolve(cwd, explicit)) : await searcher.search(cwd);
  } catch (e) {
    const file = explicit ?? searchedFile(cwd) ?? 'gen-edge-tests config';
    throw new UsageError(`${file}: cannot load the config: ${(e as Error).message.trim()}. Fix the file or remove it.`);
  }
  if (!result || result.isEmpty === true) return { config: {}, filepath: result?.filepath };
  const rel = path.relative(cwd, result.filepath) || result.filepath;
  const label = path.basename(result.filepath) === 'package.json' ? `${rel}#genEdgeTests` : rel;
  return { config: validateConfig(result.config, label), filepath: result.filepath };
}
