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
      description: 'how long rows stay: a duration (optionally followed by what it counts from), `forever`, or `until <event>`',
      example: '90d after the order is closed',
      parse: (v) => {
        const t = v.trim();
        if (/^forever\b/i.test(t)) return { ok: true, parsed: { kind: 'text', value: t } };
        // Event-based retention: `until the account is deleted`, `while the contract runs`.
        if (/^(until|while|as long as)\s+\S/i.test(t)) return { ok: true, parsed: { kind: 'text', value: t } };
        const [first = ''] = t.split(/\s+/);
        const ms = parseDuration(first);
        if (ms === undefined) {
          return {
            ok: false,
            code: 'bad-duration',
            message: `\`${t}\` is not a retention period: start with a duration like \`90d\`, or write \`forever\` or \`until <event>\``,
          };
        }
        return { ok: true, parsed: { kind: 'duration', value: ms } };
      },
    },
    { key: 'archive', description: 'where rows go after `keep`', example: 'after=90d to=s3://archive/events' },
    { key: 'delete', description: 'how rows are removed (`hard`, `soft`, `anonymize`) and by what', example: 'hard by the nightly purge job' },
    { key: 'basis', description: 'the legal or business basis', example: 'GDPR art. 5(1)(e) storage limitation' },
    { key: 'why', description: 'why this period', example: 'refund disputes are opened within 60 days' },
  ],
};
