/**
 * A `@lineage` block (plus the job's `@rationale` and `@rateLimit` blocks) → an OpenLineage JobEvent.
 *
 * @rationale Static JobEvents, not RunEvents
 *   why: doc blocks describe what a job reads and writes, not a particular run; OpenLineage 2-0-2's
 *     JobEvent carries exactly that (job, inputs, outputs, facets) without a runId.
 *   alternatives: RunEvent with a synthetic run (pollutes run history in Marquez and similar)
 *   tradeoffs: consumers that only ingest RunEvents need a run wrapper
 */
import { datasetMatches, getLineageSpec } from '../grammar/lineage';
import { getRateLimitSpec } from '../grammar/rateLimit';
import type { Block, ColumnLineageSpec, DatasetRef, JobEventContext } from '../types';
import type { ColumnLineageDatasetFacet, Dataset, InputField, JobEvent, JobFacets } from './types';

export const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent';
export const DEFAULT_PRODUCER = 'https://github.com/pipeguard/pipeguard/tree/main/packages/doc-blocks';
const FACET_SCHEMA = {
  documentation: 'https://openlineage.io/spec/facets/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet',
  sourceCodeLocation: 'https://openlineage.io/spec/facets/1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet',
  jobType: 'https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
  columnLineage: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
  rateLimit: 'https://github.com/pipeguard/pipeguard/blob/main/packages/doc-blocks/schemas/PipeguardRateLimitJobFacet.json#/$defs/PipeguardRateLimitJobFacet',
  dataset: 'https://github.com/pipeguard/pipeguard/blob/main/packages/doc-blocks/schemas/PipeguardDatasetFacet.json#/$defs/PipeguardDatasetFacet',
};

function resolveNamespace(ns: string, aliases: Record<string, string> | undefined): string {
  if (!aliases) return ns;
  // Own properties only: a namespace called `toString` or `constructor` is not an alias.
  const lookup = (key: string): string | undefined => (Object.hasOwn(aliases, key) ? aliases[key] : undefined);
  return lookup(ns) ?? (ns.startsWith('$') ? lookup(ns.slice(1)) : undefined) ?? ns;
}


function rationaleMarkdown(blocks: readonly Block[]): string {
  const parts: string[] = [];
  for (const b of blocks) {
    const lines = [`**${b.head}**`];
    for (const f of b.fields) if (f.value.trim() !== '') lines.push(`- ${f.key}: ${f.value}`);
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}

/** encodeURI throws on lone surrogates; a file name can hold one, so replace them with U+FFFD first. */
function encodePath(path: string): string {
  return encodeURI(path.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

function sourceUrl(source: NonNullable<JobEventContext['source']>): string {
  if (source.url) return source.url;
  const anchor = source.line !== undefined ? `#L${source.line}` : '';
  if (source.repoUrl && source.version && /^https?:\/\//.test(source.repoUrl)) {
    return `${source.repoUrl.replace(/\.git$/, '').replace(/\/$/, '')}/blob/${source.version}/${source.file.replace(/^\.?\//, '')}${anchor}`;
  }
  const path = source.file.replace(/\\/g, '/');
  // Absolute paths become `file:///abs/path`; relative ones stay relative (`file:src/x.ts`, RFC 3986
  // path-rootless) rather than pretending to live at the filesystem root.
  if (/^[A-Za-z]:\//.test(path)) return `file:///${encodePath(path)}${anchor}`;
  return path.startsWith('/') ? `file://${encodePath(path)}${anchor}` : `file:${encodePath(path)}${anchor}`;
}

/**
 * Build an OpenLineage 2-0-2 JobEvent from a lineage block (tag or section style). Dataset namespaces
 * go through `namespaceAliases`; `column:` fields become the `columnLineage` facet of the output they
 * name; rationale blocks become the `documentation` facet; rate limits the `pipeguard_rateLimit` facet.
 */
export function toJobEvent(lineage: Block, context: JobEventContext): JobEvent {
  const producer = context.producer ?? DEFAULT_PRODUCER;
  const spec = getLineageSpec(lineage);
  const aliases = context.namespaceAliases;
  const facet = (schema: string): { _producer: string; _schemaURL: string } => ({ _producer: producer, _schemaURL: schema });

  const toDataset = (ref: DatasetRef): Dataset => {
    const d: Dataset = { namespace: resolveNamespace(ref.namespace, aliases), name: ref.name };
    if (Object.keys(ref.attrs).length > 0) d.facets = { pipeguard_dataset: { ...facet(FACET_SCHEMA.dataset), attributes: { ...ref.attrs } } };
    return d;
  };
  const inputs = spec.inputs.map(toDataset);
  const outputs = spec.outputs.map(toDataset);

  // Column lineage, grouped by the output dataset it targets.
  const byOutput = new Map<number, ColumnLineageDatasetFacet>();
  for (const col of spec.columns) {
    const target = findIndex(spec.outputs, col.targetDataset);
    if (target < 0) continue;
    const facetValue = byOutput.get(target) ?? { ...facet(FACET_SCHEMA.columnLineage), fields: {} };
    facetValue.fields[col.targetField] = { inputFields: inputFieldsOf(col, spec.inputs, aliases) };
    byOutput.set(target, facetValue);
  }
  for (const [i, f] of byOutput) {
    const out = outputs[i];
    if (out) out.facets = { ...out.facets, columnLineage: f };
  }

  const facets: JobFacets = {
    jobType: { ...facet(FACET_SCHEMA.jobType), processingType: 'BATCH', integration: 'PIPEGUARD', jobType: 'JOB' },
  };
  const rationale = context.rationale ?? [];
  if (rationale.length > 0) {
    facets.documentation = { ...facet(FACET_SCHEMA.documentation), description: rationaleMarkdown(rationale), contentType: 'text/markdown' };
  }
  if (context.source) {
    const s = context.source;
    facets.sourceCodeLocation = { ...facet(FACET_SCHEMA.sourceCodeLocation), type: s.repoUrl ? 'git' : 'file', url: sourceUrl(s), path: s.file };
    if (s.repoUrl) facets.sourceCodeLocation.repoUrl = s.repoUrl;
    if (s.version) facets.sourceCodeLocation.version = s.version;
  }
  const rateLimits = context.rateLimits ?? [];
  if (rateLimits.length > 0) {
    facets.pipeguard_rateLimit = { ...facet(FACET_SCHEMA.rateLimit), apis: rateLimits.map((b) => structuredClone(getRateLimitSpec(b))) };
  }

  const name = context.jobName ?? (spec.job !== '' ? spec.job : undefined) ?? context.source?.file ?? 'unnamed_job';
  return {
    eventTime: context.eventTime ?? new Date().toISOString(),
    producer,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    job: { namespace: context.jobNamespace, name, facets },
    inputs,
    outputs,
  };
}

function findIndex(outputs: readonly DatasetRef[], written: string | undefined): number {
  if (written === undefined) return outputs.length > 0 ? 0 : -1;
  const i = outputs.findIndex((o) => datasetMatches(written, o));
  return i >= 0 ? i : outputs.length === 1 ? 0 : -1;
}

function inputFieldsOf(col: ColumnLineageSpec, inputs: readonly DatasetRef[], aliases: Record<string, string> | undefined): InputField[] {
  const transformation: NonNullable<InputField['transformations']>[number] = {
    type: (col.attrs.type ?? 'DIRECT').toUpperCase(),
    subtype: col.attrs.subtype ?? (col.attrs.desc !== undefined ? 'TRANSFORMATION' : 'IDENTITY'),
  };
  if (col.attrs.desc !== undefined) transformation.description = col.attrs.desc;
  if (col.attrs.masking !== undefined) transformation.masking = col.attrs.masking === 'true' || col.attrs.masking === 'yes';
  return col.sources.map((src) => {
    const match = src.dataset !== undefined ? inputs.find((d) => datasetMatches(src.dataset ?? '', d)) : inputs.length === 1 ? inputs[0] : undefined;
    const namespace = match ? resolveNamespace(match.namespace, aliases) : resolveNamespace(inputs[0]?.namespace ?? 'unknown', aliases);
    const name = match ? match.name : (src.dataset ?? 'unknown');
    return { namespace, name, field: src.field, transformations: [transformation] };
  });
}
