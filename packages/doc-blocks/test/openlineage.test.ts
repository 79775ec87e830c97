import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseDocComment, toJobEvent } from '../src/index';
import type { Block, JobEvent } from '../src/index';

const here = dirname(fileURLToPath(import.meta.url));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
for (const dir of [join(here, 'fixtures/openlineage'), join(here, '../schemas')]) {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) ajv.addSchema(JSON.parse(readFileSync(join(dir, f), 'utf8')) as object);
}
const validator = (ref: string) => ajv.compile({ $ref: ref });
const validateEvent = validator('https://openlineage.io/spec/2-0-2/OpenLineage.json');
const validateJobEvent = validator('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent');
const facetValidators: Record<string, ReturnType<typeof validator>> = {
  documentation: validator('https://openlineage.io/spec/facets/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet'),
  sourceCodeLocation: validator('https://openlineage.io/spec/facets/1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet'),
  jobType: validator('https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet'),
  columnLineage: validator('https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet'),
  pipeguard_rateLimit: validator('https://github.com/pipeguard/pipeguard/blob/main/packages/doc-blocks/schemas/PipeguardRateLimitJobFacet.json#/$defs/PipeguardRateLimitJobFacet'),
  pipeguard_dataset: validator('https://github.com/pipeguard/pipeguard/blob/main/packages/doc-blocks/schemas/PipeguardDatasetFacet.json#/$defs/PipeguardDatasetFacet'),
};

/** Validate the event and every facet in it against its own schema; returns the error list. */
function check(event: JobEvent): string[] {
  const errors: string[] = [];
  const run = (name: string, v: ReturnType<typeof validator>, data: unknown): void => {
    if (!v(data)) errors.push(`${name}: ${ajv.errorsText(v.errors)}`);
  };
  run('event', validateEvent, event);
  run('JobEvent', validateJobEvent, event);
  const facets: [string, unknown][] = [
    ...Object.entries(event.job?.facets ?? {}),
    ...[...event.inputs, ...event.outputs].flatMap((d) => Object.entries(d.facets ?? {})),
  ];
  for (const [name, facet] of facets) {
    const v = facetValidators[name];
    if (!v) errors.push(`no schema for facet ${name}`);
    else run(name, v, facet);
  }
  return errors;
}

const DOC = `/**
 * @rationale Validate before loading so bad rows never reach staging
 *   why: downstream joins assume amount_cents is an integer
 * @lineage validate_orders
 *   in: file data/inbox/orders.csv
 *   out: sqlite main.staging_orders mode=append key=order_id
 *   out: sqlite main.rejected_rows
 *   column: staging_orders.amount_cents from orders.amount desc="round(amount*100)"
 *   column: staging_orders.customer from orders.first_name, orders.last_name type=DIRECT subtype=TRANSFORMATION masking=true
 * @rateLimit anthropic.messages
 *   limit: 50 req/min, 40000 inputTokens/min
 *   concurrency: 4
 *   retry: retries=3 on=408,409,429,5xx,network
 *   backoff: exponential initial=500ms factor=2 max=8s jitter=full
 *   retryAfter: honor max=60s
 *   timeout: attempt=60s total=5m
 *   idempotent: no reason="upserted on order_id"
 *   sdkRetries: 0
 *   onExhausted: deadLetter table=main.enrichment_failures
 */`;

describe('toJobEvent', () => {
  const doc = parseDocComment(DOC);
  const of = (kind: string): Block[] => doc.blocks.filter((b) => b.kind === kind);

  it('builds a schema-valid JobEvent with every facet', () => {
    const event = toJobEvent(of('lineage')[0] as Block, {
      jobNamespace: 'demo-pipeline',
      namespaceAliases: { sqlite: 'sqlite:///data/demo.db', file: 'file:///srv/app' },
      rationale: of('rationale'),
      rateLimits: of('rateLimit'),
      source: { file: 'src/stages/validate.ts', line: 12, repoUrl: 'https://github.com/acme/demo.git', version: 'abc123' },
      eventTime: '2026-11-27T08:00:00.000Z',
    });
    expect(check(event)).toEqual([]);
    expect(event.job.name).toBe('validate_orders');
    expect(event.job.namespace).toBe('demo-pipeline');
    expect(event.inputs).toEqual([{ namespace: 'file:///srv/app', name: 'data/inbox/orders.csv' }]);
    expect(event.outputs.map((o) => [o.namespace, o.name])).toEqual([
      ['sqlite:///data/demo.db', 'main.staging_orders'],
      ['sqlite:///data/demo.db', 'main.rejected_rows'],
    ]);
    expect(event.outputs[0]?.facets?.pipeguard_dataset?.attributes).toEqual({ mode: 'append', key: 'order_id' });
    const cl = event.outputs[0]?.facets?.columnLineage;
    expect(cl?.fields.amount_cents?.inputFields).toEqual([
      {
        namespace: 'file:///srv/app',
        name: 'data/inbox/orders.csv',
        field: 'amount',
        transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'round(amount*100)' }],
      },
    ]);
    expect(cl?.fields.customer?.inputFields.map((f) => [f.field, f.transformations?.[0]?.masking])).toEqual([
      ['first_name', true],
      ['last_name', true],
    ]);
    expect(event.outputs[1]?.facets).toBeUndefined();
    expect(event.job.facets.documentation?.description).toContain('**Validate before loading so bad rows never reach staging**');
    expect(event.job.facets.sourceCodeLocation).toMatchObject({
      type: 'git',
      url: 'https://github.com/acme/demo/blob/abc123/src/stages/validate.ts#L12',
      path: 'src/stages/validate.ts',
    });
    expect(event.job.facets.pipeguard_rateLimit?.apis[0]).toMatchObject({ api: 'anthropic.messages', concurrency: 4, sdkRetries: 0 });
    expect(event.job.facets.pipeguard_rateLimit?._producer).toMatch(/^https:\/\//);
  });

  it('minimal context: no optional facets, default producer, current time', () => {
    const event = toJobEvent(of('lineage')[0] as Block, { jobNamespace: 'ns' });
    expect(check(event)).toEqual([]);
    expect(Object.keys(event.job.facets)).toEqual(['jobType']);
    expect(Number.isNaN(Date.parse(event.eventTime))).toBe(false);
  });

  it('section-style DATA FLOW becomes inputs and outputs in the flow namespace', () => {
    const seed = parseDocComment('/**\n * DATA FLOW:\n * 1. Raw events → Kafka (buffering)\n * 2. Kafka → Spark Streaming\n * 3. Spark → Delta Lake\n */');
    const event = toJobEvent(seed.blocks[0] as Block, { jobNamespace: 'ns', jobName: 'customer_aggregation', source: { file: '/repo/src/agg.ts' } });
    expect(check(event)).toEqual([]);
    expect(event.job.name).toBe('customer_aggregation');
    expect(event.inputs).toEqual([{ namespace: 'flow', name: 'Raw events' }]);
    expect(event.outputs).toEqual([{ namespace: 'flow', name: 'Delta Lake' }]);
    expect(event.job.facets.sourceCodeLocation?.url).toBe('file:///repo/src/agg.ts');
  });

  it('source locations: explicit url, relative file, Windows path', () => {
    const lineage = of('lineage')[0] as Block;
    const url = (source: { file: string; line?: number; url?: string }) => {
      const event = toJobEvent(lineage, { jobNamespace: 'ns', source });
      expect(check(event)).toEqual([]);
      return event.job.facets.sourceCodeLocation?.url;
    };
    expect(url({ file: 'src/a b.ts', line: 3 })).toBe('file:src/a%20b.ts#L3');
    expect(url({ file: 'C:\\repo\\a.ts' })).toBe('file:///C:/repo/a.ts');
    expect(url({ file: 'x.ts', url: 'https://example.com/x.ts' })).toBe('https://example.com/x.ts');
  });

  it('the schema check can fail (an event without job is rejected)', () => {
    const event = toJobEvent(of('lineage')[0] as Block, { jobNamespace: 'ns' });
    const broken = { ...event, job: undefined } as unknown as JobEvent;
    expect(check(broken).length).toBeGreaterThan(0);
    const badFacet = { ...event, job: { ...event.job, facets: { jobType: { _producer: 'x' } } } } as unknown as JobEvent;
    expect(check(badFacet).join('\n')).toContain('jobType');
  });
});

// Found by gen-edge-tests run over this package.
describe('toJobEvent: hostile names', () => {
  const lineage = parseDocComment('/**\n * @lineage j\n *   in: toString t\n *   out: constructor u\n */').blocks[0] as Block;
  it('a namespace called `toString` is not resolved through Object.prototype', () => {
    const event = toJobEvent(lineage, { jobNamespace: 'ns', namespaceAliases: { sqlite: 'sqlite:///x.db' }, eventTime: '2024-01-01T00:00:00Z' });
    expect(event.inputs?.[0]?.namespace).toBe('toString');
    expect(event.outputs?.[0]?.namespace).toBe('constructor');
  });
  it('a source file name with a lone surrogate does not throw URIError', () => {
    const event = toJobEvent(lineage, { jobNamespace: 'ns', source: { file: 'src/a\uD800b.ts', line: 3 }, eventTime: '2024-01-01T00:00:00Z' });
    expect(JSON.stringify(event.job.facets)).toContain('%EF%BF%BD');
  });
});
