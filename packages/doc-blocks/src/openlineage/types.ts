/** The subset of OpenLineage 2-0-2 that a JobEvent from doc blocks uses. */

export interface BaseFacet {
  _producer: string;
  _schemaURL: string;
}

export interface DocumentationJobFacet extends BaseFacet {
  description: string;
  contentType?: string;
}

export interface SourceCodeLocationJobFacet extends BaseFacet {
  type: string;
  url: string;
  repoUrl?: string;
  path?: string;
  version?: string;
}

export interface JobTypeJobFacet extends BaseFacet {
  processingType: 'BATCH' | 'STREAMING' | 'SERVICE';
  integration: string;
  jobType?: string;
}

/** pipeguard's own job facet: the `@rateLimit` blocks of the job, as parsed. */
export interface PipeguardRateLimitJobFacet extends BaseFacet {
  apis: {
    api: string;
    limits: { amount: number; unit: string; windowMs: number }[];
    concurrency?: number;
    retry?: { retries: number; on: string[] };
    backoff?: { strategy: string; initialMs?: number; factor?: number; maxMs?: number; jitter?: string };
    retryAfter?: { honor: boolean; maxMs?: number };
    timeout?: { attemptMs?: number; totalMs?: number };
    idempotent?: { idempotent: boolean; reason?: string };
    sdkRetries?: number;
    onExhausted?: { action: string; attrs: Record<string, string> };
  }[];
}

export interface InputField {
  namespace: string;
  name: string;
  field: string;
  transformations?: { type: string; subtype?: string; description?: string; masking?: boolean }[];
}

export interface ColumnLineageDatasetFacet extends BaseFacet {
  fields: Record<string, { inputFields: InputField[] }>;
}

/** pipeguard's own dataset facet: the `key=value` attributes written after the dataset name. */
export interface PipeguardDatasetFacet extends BaseFacet {
  attributes: Record<string, string>;
}

export interface DatasetFacets {
  columnLineage?: ColumnLineageDatasetFacet;
  pipeguard_dataset?: PipeguardDatasetFacet;
}

export interface Dataset {
  namespace: string;
  name: string;
  facets?: DatasetFacets;
}

export interface JobFacets {
  documentation?: DocumentationJobFacet;
  sourceCodeLocation?: SourceCodeLocationJobFacet;
  jobType?: JobTypeJobFacet;
  pipeguard_rateLimit?: PipeguardRateLimitJobFacet;
}

/** An OpenLineage 2-0-2 `JobEvent` (static job metadata, no run). */
export interface JobEvent {
  eventTime: string;
  producer: string;
  schemaURL: string;
  job: { namespace: string; name: string; facets: JobFacets };
  inputs: Dataset[];
  outputs: Dataset[];
}
