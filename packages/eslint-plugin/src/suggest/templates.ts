/**
 * Filled block templates for suggestions: values are read from the code or are the library's documented
 * defaults; what the code cannot tell (an account's rate limit, a dataset the detector could not name) is
 * left as an explicit `TODO` that `valid-doc-blocks` keeps reporting until a person writes it.
 *
 * @rationale Templates carry derived values and loud TODOs, never empty or invented values
 *   why: doc linters that insert empty blocks game coverage; inventing a rate limit would be worse, because it
 *     reads like a decision nobody made. SDK defaults (openai and anthropic: 2 retries on 408/409/429/5xx and
 *     network errors, 10-minute timeout) are facts about the code, so they are written as such.
 *   alternatives: no suggestion (users copy blocks by hand and get the grammar wrong); an empty block
 *   tradeoffs: a suggested block fails `valid-doc-blocks` until its TODOs are filled in, on purpose
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { formatDuration } from '@pipeguard/doc-blocks';
import type { ExternalCall } from '../detect/external-calls';

/** A numeric literal property of an options object literal (`{ maxRetries: 0 }`), if written as one. */
export function numericOption(options: TSESTree.ObjectExpression | undefined, key: string): number | undefined {
  if (!options) return undefined;
  for (const property of options.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const name = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
    if (name !== key) continue;
    const value = property.value;
    if (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'number') return value.value;
    if (value.type === AST_NODE_TYPES.BinaryExpression && value.operator === '*') {
      const left = value.left.type === AST_NODE_TYPES.Literal ? value.left.value : undefined;
      const right = value.right.type === AST_NODE_TYPES.Literal ? value.right.value : undefined;
      if (typeof left === 'number' && typeof right === 'number') return left * right;
    }
    return undefined;
  }
  return undefined;
}

const SDK_RETRY_ON = '408,409,429,5xx,network';
const SDK_DEFAULT_RETRIES = 2;
const SDK_DEFAULT_TIMEOUT_MS = 600_000;

/** Lines (without ` * `) of a `@rateLimit` block for an external call, filled from the client's options. */
export function rateLimitTemplate(call: ExternalCall): string[] {
  const lines = [`@rateLimit ${call.api}`, '  limit: TODO req/min from your plan or the provider dashboard'];
  const options = call.clientOptions;
  switch (call.family) {
    case 'openai':
    case 'anthropic': {
      const retries = numericOption(options, 'maxRetries') ?? SDK_DEFAULT_RETRIES;
      const timeout = numericOption(options, 'timeout') ?? SDK_DEFAULT_TIMEOUT_MS;
      lines.push(
        retries === 0 ? '  retry: retries=0' : `  retry: retries=${retries} on=${SDK_RETRY_ON}`,
        `  timeout: attempt=${formatDuration(timeout)}`,
        `  sdkRetries: ${retries}`,
      );
      break;
    }
    case 'axios': {
      const timeout = numericOption(options, 'timeout');
      lines.push(
        '  retry: retries=0',
        timeout ? `  timeout: attempt=${formatDuration(timeout)}` : '  timeout: TODO axios has no timeout by default, set `timeout` and write it here',
      );
      break;
    }
    case 'got':
      lines.push('  retry: retries=2 on=408,413,429,500,502,503,504,521,522,524,network', '  timeout: TODO got has no timeout by default, set `timeout.request` and write it here');
      break;
    case 'ky': {
      const timeout = numericOption(options, 'timeout') ?? 10_000;
      lines.push('  retry: retries=2 on=408,413,429,500,502,503,504', `  timeout: attempt=${formatDuration(timeout)}`);
      break;
    }
    case 'fetch':
    case 'node-fetch':
    case 'cross-fetch':
    case 'undici':
      lines.push('  retry: retries=0', '  timeout: TODO fetch has no timeout by default, pass `signal: AbortSignal.timeout(…)` and write it here');
      break;
    case 'custom':
      lines.push('  retry: TODO retries=N on=… as configured for this client', '  timeout: TODO attempt=… total=… as configured for this client');
      break;
  }
  return lines;
}

export interface DatasetLine {
  mode: 'read' | 'write';
  namespace: string;
  name: string;
}

/** Lines of a `@lineage` block: the job name and one `in:` / `out:` per detected dataset. */
export function lineageTemplate(job: string, datasets: readonly DatasetLine[]): string[] {
  const lines = [`@lineage ${job}`];
  const seen = new Set<string>();
  for (const mode of ['read', 'write'] as const) {
    for (const dataset of datasets) {
      if (dataset.mode !== mode) continue;
      const line = `  ${mode === 'read' ? 'in' : 'out'}: ${dataset.namespace} ${dataset.name}`;
      if (seen.has(line)) continue;
      seen.add(line);
      lines.push(line);
    }
  }
  if (lines.length === 1) {
    lines.push('  in: TODO namespace dataset this step reads', '  out: TODO namespace dataset this step writes');
  }
  return lines;
}

/** Lines of a `@rationale` block: the subject is derived, the reasoning is the author's to write. */
export function rationaleTemplate(subject: string): string[] {
  return [`@rationale ${subject}`, '  why: TODO the constraint or number that forced this design', '  alternatives: TODO what else was considered and why not'];
}
