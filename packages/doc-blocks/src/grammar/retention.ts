/** `@retention` — how long rows live, where they are archived and on what basis. */
import type { KindSpec } from './spec';
import { parseDuration } from './values';

export const retentionSpec: KindSpec = {
  kind: 'retention',
  tag: '@retention',
  syntaxKind: 'block',
  head: 'required',
  headDescription: 'the retention rule in one line',
  headExample: 'Raw events are kept 90 days, then archived',
  multilineHead: true,
  summary: 'How long rows are kept, where they are archived, how they are deleted and the basis for it.',
  generator: false,
  required: ['keep'],
  keys: [
    {
      key: 'keep',
      description: 'how long rows stay: a duration or `forever`',
      example: '90d',
      parse: (v) => {
        const t = v.trim();
        if (t === 'forever') return { ok: true, parsed: { kind: 'text', value: 'forever' } };
        const ms = parseDuration(t);
        return ms === undefined
          ? { ok: false, code: 'bad-duration', message: `\`${t}\` is not a retention period: write a duration like \`90d\` or \`forever\`` }
          : { ok: true, parsed: { kind: 'duration', value: ms } };
      },
    },
    { key: 'archive', description: 'where rows go after `keep`', example: 'after=90d to=s3://archive/events' },
    { key: 'delete', description: 'how rows are removed (`hard`, `soft`, `anonymize`) and by what', example: 'hard by the nightly purge job' },
    { key: 'basis', description: 'the legal or business basis', example: 'GDPR art. 5(1)(e) storage limitation' },
    { key: 'why', description: 'why this period', example: 'refund disputes are opened within 60 days' },
  ],
};
