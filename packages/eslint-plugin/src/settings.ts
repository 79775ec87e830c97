/**
 * Shared settings under `settings.pipeguard` in the user's flat config.
 *
 * @rationale Validate `settings.pipeguard` once per settings object and fail with the exact key path
 *   why: ESLint validates rule options against `meta.schema` but never validates shared settings; a typo
 *     such as `namespaceAlias` would otherwise silently disable alias resolution in every rule.
 *   alternatives: a JSON-schema validator dependency (heavy for four keys); trusting the input (silent misconfig)
 *   tradeoffs: a bad setting throws, which ESLint shows as a configuration error naming the key to fix
 */
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';

/**
 * ```js
 * settings: {
 *   pipeguard: {
 *     namespaceAliases: { sqlite: 'sqlite:///data/demo.db' }, // dataset namespace aliases used in `in:` / `out:`
 *     jobNamespace: 'demo-pipeline',                           // OpenLineage job namespace
 *     apis: ['@octokit/rest', { from: 'package', package: 'stripe', name: 'Stripe' }], // extra external APIs
 *     pipelineFiles: ['src/pipeline/**'],                      // which files are pipeline modules
 *   },
 * }
 * ```
 */
export interface PipeguardSettings {
  namespaceAliases: Readonly<Record<string, string>>;
  jobNamespace: string | undefined;
  apis: readonly TypeOrValueSpecifier[];
  pipelineFiles: readonly string[] | undefined;
}

const KNOWN_KEYS = ['namespaceAliases', 'jobNamespace', 'apis', 'pipelineFiles'] as const;

const EMPTY: PipeguardSettings = Object.freeze({
  namespaceAliases: Object.freeze({}),
  jobNamespace: undefined,
  apis: Object.freeze([]),
  pipelineFiles: undefined,
});

/** Thrown for an invalid `settings.pipeguard`; ESLint prints the message as a configuration error. */
export class PipeguardSettingsError extends Error {
  override name = 'PipeguardSettingsError';
}

const cache = new WeakMap<object, PipeguardSettings>();

const fail = (path: string, what: string): never => {
  throw new PipeguardSettingsError(
    `[pipeguard] invalid setting settings.pipeguard.${path}: ${what} (fix it in your eslint.config.js).`,
  );
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseSpecifier(value: unknown, path: string): TypeOrValueSpecifier {
  if (typeof value === 'string') {
    if (value.trim() === '') fail(path, 'expected a non-empty module or function name');
    return value;
  }
  if (!isRecord(value)) {
    return fail(path, "expected a string or an object like { from: 'package', package: 'stripe', name: 'Stripe' }");
  }
  const { from, name } = value;
  if (from !== 'package' && from !== 'file' && from !== 'lib') {
    fail(`${path}.from`, `expected 'package', 'file' or 'lib', got ${JSON.stringify(from)}`);
  }
  const nameOk =
    typeof name === 'string' ||
    (Array.isArray(name) && name.length > 0 && name.every((item) => typeof item === 'string'));
  if (!nameOk) fail(`${path}.name`, 'expected a string or a non-empty array of strings');
  if (from === 'package' && typeof value.package !== 'string') {
    fail(`${path}.package`, "expected the package name, e.g. '@octokit/rest'");
  }
  if (from === 'file' && value.path !== undefined && typeof value.path !== 'string') {
    fail(`${path}.path`, 'expected a file path string');
  }
  return value as unknown as TypeOrValueSpecifier;
}

/** Validates a raw `settings.pipeguard` value (exported for tests). */
export function parseSettings(raw: unknown): PipeguardSettings {
  if (raw === undefined) return EMPTY;
  if (!isRecord(raw)) return fail('', 'expected an object');
  for (const key of Object.keys(raw)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      fail(key, `unknown key; known keys are ${KNOWN_KEYS.join(', ')}`);
    }
  }
  const namespaceAliases: Record<string, string> = {};
  if (raw.namespaceAliases !== undefined) {
    if (!isRecord(raw.namespaceAliases)) fail('namespaceAliases', "expected an object like { sqlite: 'sqlite:///data/app.db' }");
    for (const [alias, target] of Object.entries(raw.namespaceAliases as Record<string, unknown>)) {
      if (typeof target !== 'string' || target === '') {
        fail(`namespaceAliases.${alias}`, 'expected a non-empty namespace string');
      }
      // defined, not assigned: an alias literally named `__proto__` must stay an own property
      Object.defineProperty(namespaceAliases, alias, { value: target, enumerable: true, writable: true, configurable: true });
    }
  }
  let jobNamespace: string | undefined;
  if (raw.jobNamespace !== undefined) {
    if (typeof raw.jobNamespace !== 'string' || raw.jobNamespace === '') {
      fail('jobNamespace', 'expected a non-empty string');
    }
    jobNamespace = raw.jobNamespace as string;
  }
  let apis: TypeOrValueSpecifier[] = [];
  if (raw.apis !== undefined) {
    if (!Array.isArray(raw.apis)) fail('apis', 'expected an array of TypeOrValueSpecifier entries');
    apis = (raw.apis as unknown[]).map((item, index) => parseSpecifier(item, `apis[${index}]`));
  }
  let pipelineFiles: string[] | undefined;
  if (raw.pipelineFiles !== undefined) {
    const files: unknown = raw.pipelineFiles;
    if (!Array.isArray(files) || !files.every((item) => typeof item === 'string' && item !== '')) {
      fail('pipelineFiles', "expected an array of glob strings, e.g. ['src/pipeline/**']");
    }
    pipelineFiles = files as string[];
  }
  return Object.freeze({ namespaceAliases, jobNamespace, apis, pipelineFiles });
}

/** Reads and validates `settings.pipeguard` (cached per settings object, so once per config, not per file). */
export function getSettings(context: { settings: Readonly<Record<string, unknown>> }): PipeguardSettings {
  const settings = context.settings as Record<string, unknown> | undefined;
  if (!settings) return EMPTY;
  const cached = cache.get(settings);
  if (cached) return cached;
  const parsed = parseSettings(settings.pipeguard);
  cache.set(settings, parsed);
  return parsed;
}
