/**
 * The tags read by gen-edge-tests: `@transform`, `@edgeTests`, `@invariant`, `@idempotent`,
 * `@roundtrip`, `@throws`, `@nondeterministic`, and the `getThrowsSpec` accessor.
 */
import type { Block } from '../types';
import type { KindSpec } from './spec';

const generatorSpec = (s: Omit<KindSpec, 'generator' | 'required' | 'keys' | 'multilineHead'> & Partial<KindSpec>): KindSpec => ({
  generator: true,
  required: [],
  keys: [],
  multilineHead: false,
  ...s,
});

export const transformSpec = generatorSpec({
  kind: 'transform',
  tag: '@transform',
  syntaxKind: 'modifier',
  head: 'optional',
  headDescription: 'nothing (a modifier)',
  headExample: '',
  summary: 'Opts an exported function into generated edge-case tests.',
});

export const edgeTestsSpec = generatorSpec({
  kind: 'edgeTests',
  tag: '@edgeTests',
  syntaxKind: 'block',
  head: 'required',
  headDescription: '`off` (optionally followed by the reason)',
  headExample: 'off',
  checkHead: (head) =>
    /^(off|on)\b/.test(head) ? undefined : { code: 'bad-edge-tests', message: `\`@edgeTests ${head}\` is not understood: write \`@edgeTests off\` to opt out` },
  summary: 'Opts a function out of generated edge-case tests (`@edgeTests off`).',
});

export const invariantSpec = generatorSpec({
  kind: 'invariant',
  tag: '@invariant',
  syntaxKind: 'block',
  head: 'required',
  headDescription: 'a JavaScript expression over `input`/`args` and `output` that must be true',
  headExample: 'output.length <= input.length',
  multilineHead: true,
  summary: 'A property every output must satisfy; checked by the generated tests.',
});

export const idempotentSpec = generatorSpec({
  kind: 'idempotent',
  tag: '@idempotent',
  syntaxKind: 'modifier',
  head: 'optional',
  headDescription: 'nothing (a modifier)',
  headExample: '',
  summary: 'f(f(x)) equals f(x); the generated tests check it.',
});

export const roundtripSpec = generatorSpec({
  kind: 'roundtrip',
  tag: '@roundtrip',
  syntaxKind: 'block',
  head: 'required',
  headDescription: 'the exported inverse function',
  headExample: 'parseOrder',
  checkHead: (head) =>
    /^[A-Za-z_$][\w$]*$/.test(head) ? undefined : { code: 'bad-roundtrip', message: `\`${head}\` is not an export name: write the inverse function, e.g. \`@roundtrip parseOrder\`` },
  summary: 'other(f(x)) equals x for the named inverse export; the generated tests check it.',
});

export const throwsSpec = generatorSpec({
  kind: 'throws',
  tag: '@throws',
  syntaxKind: 'block',
  head: 'required',
  headDescription: '`{ErrorName} when …`',
  headExample: '{RangeError} when amount is negative',
  multilineHead: true,
  summary: 'A declared error: generated tests treat it as expected, not as a crash.',
});

export const nondeterministicSpec = generatorSpec({
  kind: 'nondeterministic',
  tag: '@nondeterministic',
  syntaxKind: 'modifier',
  head: 'optional',
  headDescription: 'nothing (a modifier)',
  headExample: '',
  summary: 'The function may return different results for the same input; the determinism property is skipped.',
});

export interface ThrowsSpec {
  /** `RangeError` from `{RangeError}` (or a leading capitalised name ending in `Error`) */
  errorName?: string;
  /** the condition, without a leading `when`/`if` */
  when: string;
}

/** `{RangeError} when amount is negative` → `{ errorName: 'RangeError', when: 'amount is negative' }`. */
export function getThrowsSpec(block: Block): ThrowsSpec {
  let rest = block.head.trim();
  let errorName: string | undefined;
  const braced = /^\{\s*([A-Za-z_$][\w$.]*)\s*\}\s*/.exec(rest);
  const bare = /^([A-Z][\w$]*(?:Error|Exception))\b\s*/.exec(rest);
  const m = braced ?? bare;
  if (m) {
    errorName = m[1];
    rest = rest.slice(m[0].length);
  }
  const when = rest.replace(/^(when|if)\b\s*/i, '').trim();
  return errorName === undefined ? { when } : { errorName, when };
}
