/**
 * Expected outputs for suggestion tests, computed independently of the plugin: a doc comment inserted
 * above a given line with that line's indentation and the file's line ending.
 */
export function insertAbove(code: string, line: number, blockLines: readonly string[]): string {
  const eol = code.includes('\r\n') ? '\r\n' : '\n';
  const lines = code.split(eol);
  const target = lines[line - 1] ?? '';
  const indent = /^[ \t]*/.exec(target)?.[0] ?? '';
  const comment = ['/**', ...blockLines.map((l) => ` * ${l}`.trimEnd()), ' */'].map((l) => indent + l);
  lines.splice(line - 1, 0, ...comment);
  return lines.join(eol);
}

const LIMIT = '  limit: TODO req/min from your plan or the provider dashboard';

/** The `@rateLimit` template for the openai / anthropic SDKs (their defaults unless given). */
export const sdkBlock = (api: string, retries = 2, timeout = '10m'): string[] => [
  `@rateLimit ${api}`,
  LIMIT,
  retries === 0 ? '  retry: retries=0' : `  retry: retries=${retries} on=408,409,429,5xx,network`,
  `  timeout: attempt=${timeout}`,
  `  sdkRetries: ${retries}`,
];

export const fetchBlock = (api = 'fetch'): string[] => [
  `@rateLimit ${api}`,
  LIMIT,
  '  retry: retries=0',
  '  timeout: TODO fetch has no timeout by default, pass `signal: AbortSignal.timeout(…)` and write it here',
];

export const axiosBlock = (timeout?: string): string[] => [
  '@rateLimit axios',
  LIMIT,
  '  retry: retries=0',
  timeout ? `  timeout: attempt=${timeout}` : '  timeout: TODO axios has no timeout by default, set `timeout` and write it here',
];

export const gotBlock = (): string[] => [
  '@rateLimit got',
  LIMIT,
  '  retry: retries=2 on=408,413,429,500,502,503,504,521,522,524,network',
  '  timeout: TODO got has no timeout by default, set `timeout.request` and write it here',
];

export const kyBlock = (timeout = '10s'): string[] => ['@rateLimit ky', LIMIT, '  retry: retries=2 on=408,413,429,500,502,503,504', `  timeout: attempt=${timeout}`];

export const customBlock = (api: string): string[] => [
  `@rateLimit ${api}`,
  LIMIT,
  '  retry: TODO retries=N on=… as configured for this client',
  '  timeout: TODO attempt=… total=… as configured for this client',
];
