// The demo app lints itself like a user project: the repository's rules plus pipeguard `strict`,
// every source module treated as a pipeline module, and SQL that must be parameterised.
import pipeguard from '@pipeguard/eslint-plugin';
import root from '../../eslint.config.js';

export default [
  ...root,
  { ignores: ['examples/**'] },
  {
    files: ['src/**/*.ts'],
    ...pipeguard.configs.strict,
    settings: {
      pipeguard: {
        namespaceAliases: { sqlite: 'sqlite://apps/demo-pipeline/.data/demo.db', file: 'file://apps/demo-pipeline/data' },
        jobNamespace: 'pipeguard-demo',
        // the stage modules; helpers (prices, prompt, limiter, progress printer) are not stages, but any
        // function anywhere that reads or writes a dataset still needs @lineage
        pipelineFiles: [
          '**/src/pipeline.ts',
          '**/src/ingest/read-*.ts',
          '**/src/validate/**',
          '**/src/transform/**',
          '**/src/enrich/*provider*.ts',
          '**/src/enrich/categorize.ts',
          '**/src/enrich/usage.ts',
          '**/src/load/**',
          '**/src/report/summary.ts',
          '**/src/report/lineage.ts',
          '**/src/generate/generate-sample.ts',
        ],
      },
    },
  },
  {
    // SQL is parameterised: no string built from values may reach prepare()/exec()
    files: ['src/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(prepare|exec)$/] > TemplateLiteral[expressions.length>0]",
          message: 'Build SQL with parameters (? or @name), not with ${} interpolation: pass values to run()/get()/all().',
        },
        {
          selector: "CallExpression[callee.property.name=/^(prepare|exec)$/] > BinaryExpression[operator='+']",
          message: 'Build SQL with parameters (? or @name), not with string concatenation: pass values to run()/get()/all().',
        },
        {
          selector: "CallExpression[callee.object.name='sql'][callee.property.name=/^(raw|lit|id)$/]",
          message: 'sql.raw/lit/id splice text into SQL; use sql`…${value}` (a parameter) instead.',
        },
      ],
    },
  },
];
