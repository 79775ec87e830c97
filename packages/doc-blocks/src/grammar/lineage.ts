/**
 * `@lineage` — sources → steps → sinks, and the typed accessor `getLineageSpec`.
 *
 * @rationale Section-style `DATA FLOW:` steps map onto the same datasets as tag-style `in:`/`out:`
 *   why: consumers (the plugin, the OpenLineage export) should not care how the lineage was written.
 *   alternatives: expose steps only (every consumer re-derives sources and sinks)
 *   tradeoffs: prose step names become dataset names in the `flow` namespace; they are not resolvable
 */
import type { Block, ColumnLineageSpec, DatasetRef } from '../types';
import type { KindSpec } from './spec';
import { JOB_NAME_RE, parseColumnValue, parseDatasetValue } from './values';

export const lineageSpec: KindSpec = {
  kind: 'lineage',
  tag: '@lineage',
  syntaxKind: 'block',
  head: 'required',
  headDescription: 'the job name, unique in the repository (letters, digits, `_ . -`)',
  headExample: 'validate_orders',
  multilineHead: false,
  checkHead: (head) =>
    JOB_NAME_RE.test(head)
      ? undefined
      : { code: 'bad-job-name', message: `\`${head}\` is not a job name: use letters, digits, \`_\`, \`.\` and \`-\` only, e.g. \`validate_orders\`` },
  summary: 'Where the data of this job comes from and goes to; maps 1:1 to an OpenLineage JobEvent.',
  generator: false,
  required: [],
  keys: [
    { key: 'in', repeatable: true, description: 'an input dataset: namespace, name, then `key=value` attributes', example: 'file data/inbox/orders.csv', parse: parseDatasetValue },
    { key: 'out', repeatable: true, description: 'an output dataset: namespace, name, then `key=value` attributes', example: 'sqlite main.staging_orders mode=append key=order_id', parse: parseDatasetValue },
    { key: 'column', repeatable: true, description: 'column lineage: target `from` sources, then attributes (`desc=`, `type=`, `subtype=`, `masking=`)', example: 'staging_orders.amount_cents from orders.amount desc="round(amount*100)"', parse: parseColumnValue },
  ],
};

/** The namespace given to datasets named in a section-style `DATA FLOW:`. */
export const FLOW_NAMESPACE = 'flow';

export interface LineageSpec {
  /** the job name (the head); empty for a section-style `DATA FLOW:` without one */
  job: string;
  inputs: DatasetRef[];
  outputs: DatasetRef[];
  columns: ColumnLineageSpec[];
}

const norm = (s: string): string => s.trim().toLowerCase();
/**
 * `Spark` and `Spark Streaming` (or `orders` and `SQLite orders`) name the same stage: one is a whole-word
 * prefix or suffix of the other.
 */
const sameStage = (a: string, b: string): boolean => {
  const x = norm(a);
  const y = norm(b);
  const within = (long: string, short: string): boolean => long.startsWith(`${short} `) || long.endsWith(` ${short}`);
  return x === y || within(x, y) || within(y, x);
};

/**
 * The typed view of a lineage block. Tag style: `in:` / `out:` / `column:` fields that parsed.
 * Section style: the sources of the flow (a step's `from` that is no step's `to`) become inputs and
 * its sinks (a `to` that is no step's `from`) outputs, in the `flow` namespace.
 */
export function getLineageSpec(block: Block): LineageSpec {
  const spec: LineageSpec = { job: block.style === 'tag' ? block.head : block.head, inputs: [], outputs: [], columns: [] };
  for (const f of block.fields) {
    if (f.parsed?.kind === 'dataset') {
      if (f.key === 'in') spec.inputs.push(f.parsed.value);
      else if (f.key === 'out') spec.outputs.push(f.parsed.value);
    } else if (f.parsed?.kind === 'column' && f.key === 'column') {
      spec.columns.push(f.parsed.value);
    }
  }
  const steps = block.steps ?? [];
  const seen = (list: DatasetRef[], name: string): boolean => list.some((d) => d.namespace === FLOW_NAMESPACE && norm(d.name) === norm(name));
  for (const s of steps) {
    if (!steps.some((o) => sameStage(o.to, s.from)) && !seen(spec.inputs, s.from)) {
      spec.inputs.push({ namespace: FLOW_NAMESPACE, name: s.from, attrs: {} });
    }
    if (!steps.some((o) => sameStage(o.from, s.to)) && !seen(spec.outputs, s.to)) {
      spec.outputs.push({ namespace: FLOW_NAMESPACE, name: s.to, attrs: {} });
    }
  }
  return spec;
}

/** A dataset as a `column:` names it (`orders`) matches `orders`, `main.orders`, `data/inbox/orders.csv`. */
export function datasetMatches(written: string, ref: DatasetRef): boolean {
  const n = ref.name;
  if (n === written || n.endsWith(`.${written}`) || n.endsWith(`/${written}`)) return true;
  const base = n.split('/').pop() ?? n;
  return base.replace(/\.[^.]+$/, '') === written;
}
