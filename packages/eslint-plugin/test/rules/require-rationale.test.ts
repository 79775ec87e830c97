import rule from '../../src/rules/require-rationale';
import { insertAbove } from '../expect';
import { createRuleTester } from '../rule-tester';

const ruleTester = createRuleTester();

const PIPELINE = 'src/pipeline/orders.ts';

const SEED = `/**
 * Customer Data Aggregation Pipeline
 *
 * WHY THIS ARCHITECTURE:
 * - Chose Apache Spark for distributed processing because daily volume exceeds 10TB
 * - Implemented CDC (Change Data Capture) to minimize data movement costs
 *
 * DESIGN DECISIONS:
 * - Partitioned by date + customer_region for optimal query performance
 * - Added checkpointing every 1000 records to enable fast failure recovery
 *
 * DATA FLOW:
 * 1. Raw events → Kafka (for buffering and replay capability)
 * 2. Kafka → Spark Streaming (for real-time aggregation)
 * 3. Spark → Delta Lake (for ACID compliance and time travel)
 */`;

const RATIONALE = `/**
 * @rationale Store money as INTEGER cents, not REAL
 *   why: SQLite REAL is binary floating point; summing a million rows drifts by whole cents.
 *   alternatives: TEXT decimals (slow to aggregate); REAL rounded on read
 */`;

const template = (subject: string) => [`@rationale ${subject}`, '  why: TODO the constraint or number that forced this design', '  alternatives: TODO what else was considered and why not'];

const moduleTemplate = (code: string, subject: string) => `/**\n${template(subject).map((l) => ` * ${l}`).join('\n')}\n */\n\n${code}`;

ruleTester.run('require-rationale', rule, {
  valid: [
    { name: 'seed-style Customer Data Aggregation block is a module-level rationale', filename: PIPELINE, code: `${SEED}\nimport { x } from './x';\nexport const run = () => x;` },
    { name: 'seed-style block directly above the first declaration still counts (section style)', filename: PIPELINE, code: `${SEED}\nexport function run() { return 1; }` },
    { name: 'DESIGN.md @rationale example as the module doc (blank line)', filename: PIPELINE, code: `${RATIONALE}\n\nexport function run() { return 1; }` },
    { name: 'not a pipeline module', filename: 'src/util/math.ts', code: 'export const add = (a: number, b: number) => a + b;' },
    { name: 'an empty pipeline module has no statement to report on', filename: PIPELINE, code: '' },
    {
      name: 'stage class with @rationale on its export',
      filename: 'src/lib/stages.ts',
      code: `${RATIONALE}\nexport class ValidateStage {}`,
    },
    {
      name: 'decorated stage class with the block above the decorator',
      filename: 'src/lib/stages.ts',
      code: `declare function Injectable(): ClassDecorator;\n${RATIONALE}\n@Injectable()\nexport class LoadStep {}`,
    },
    { name: 'non-exported stage classes are internal', filename: 'src/lib/stages.ts', code: 'class HelperStage {}\nexport const h = new HelperStage();' },
    { name: 'a class that is not a stage', filename: 'src/lib/stages.ts', code: 'export class OrderRepository {}' },
    {
      name: 'schema definitions are left to require-schema-docs by default',
      filename: 'src/db/schema.ts',
      code: "import { sqliteTable, text } from 'drizzle-orm/sqlite-core';\nexport const orders = sqliteTable('orders', { id: text('id') });",
    },
    {
      name: 'schemas: true and the definition has @rationale',
      filename: 'src/db/schema.ts',
      code: `import { sqliteTable, text } from 'drizzle-orm/sqlite-core';\n${RATIONALE}\nexport const orders = sqliteTable('orders', { id: text('id') });`,
      options: [{ schemas: true }],
    },
  ],
  invalid: [
    {
      name: 'pipeline module without a module doc: reported on the first statement after the imports, suggestion creates the module doc',
      filename: PIPELINE,
      code: "import { x } from './x';\nexport const run = () => x;",
      errors: [
        {
          messageId: 'missingModuleRationale',
          line: 2,
          data: { file: PIPELINE },
          suggestions: [{ messageId: 'addRationale', data: { subject: 'orders pipeline design', where: 'the top of the file' }, output: moduleTemplate("import { x } from './x';\nexport const run = () => x;", 'orders pipeline design') }],
        },
      ],
    },
    {
      name: 'a @rationale directly on the first function is that function’s, not the module’s; the suggestion merges into the existing… module doc is created above it',
      filename: 'src/etl/load.ts',
      code: `${RATIONALE}\nexport function load() { return 1; }`,
      errors: [
        {
          messageId: 'missingModuleRationale',
          line: 6,
          suggestions: [{ messageId: 'addRationale', output: moduleTemplate(`${RATIONALE}\nexport function load() { return 1; }`, 'load pipeline design') }],
        },
      ],
    },
    {
      name: 'module doc without @rationale: the block is merged into it',
      filename: 'src/orders.pipeline.ts',
      code: '/**\n * Orders pipeline.\n */\n\nexport const run = () => 1;',
      errors: [
        {
          messageId: 'missingModuleRationale',
          line: 5,
          suggestions: [
            {
              messageId: 'addRationale',
              output: `/**\n * Orders pipeline.\n *\n${template('orders.pipeline pipeline design').map((l) => ` * ${l}`).join('\n')}\n */\n\nexport const run = () => 1;`,
            },
          ],
        },
      ],
    },
    {
      name: 'exported stage class by name suffix',
      filename: 'src/lib/stages.ts',
      code: 'export class ValidateStage {}',
      errors: [
        {
          messageId: 'missingStageRationale',
          line: 1,
          column: 14,
          data: { name: 'ValidateStage', reason: 'its name ends in `Stage`' },
          suggestions: [{ messageId: 'addRationale', data: { subject: 'ValidateStage as a separate stage', where: 'class `ValidateStage`' }, output: insertAbove('export class ValidateStage {}', 1, template('ValidateStage as a separate stage')) }],
        },
      ],
    },
    {
      name: 'exported class implementing a stage interface, and one extending a stage base class',
      filename: 'src/lib/stages.ts',
      code: `interface PipelineStep { run(): void }
abstract class BaseTransform {}
export class Dedupe implements PipelineStep { run() {} }
export class Normalise extends BaseTransform {}`,
      errors: [
        {
          messageId: 'missingStageRationale',
          line: 3,
          data: { name: 'Dedupe', reason: 'it implements `PipelineStep`' },
          suggestions: [
            {
              messageId: 'addRationale',
              output: insertAbove(
                `interface PipelineStep { run(): void }
abstract class BaseTransform {}
export class Dedupe implements PipelineStep { run() {} }
export class Normalise extends BaseTransform {}`,
                3,
                template('Dedupe as a separate stage'),
              ),
            },
          ],
        },
        {
          messageId: 'missingStageRationale',
          line: 4,
          data: { name: 'Normalise', reason: 'it extends `BaseTransform`' },
          suggestions: [
            {
              messageId: 'addRationale',
              output: insertAbove(
                `interface PipelineStep { run(): void }
abstract class BaseTransform {}
export class Dedupe implements PipelineStep { run() {} }
export class Normalise extends BaseTransform {}`,
                4,
                template('Normalise as a separate stage'),
              ),
            },
          ],
        },
      ],
    },
    {
      name: 'export default class and a class exported through export { }',
      filename: 'src/lib/jobs.ts',
      code: 'export default class NightlyJob {}\nclass HourlyJob {}\nexport { HourlyJob };',
      errors: [
        { messageId: 'missingStageRationale', line: 1, suggestions: [{ messageId: 'addRationale', output: insertAbove('export default class NightlyJob {}\nclass HourlyJob {}\nexport { HourlyJob };', 1, template('NightlyJob as a separate stage')) }] },
        { messageId: 'missingStageRationale', line: 2, suggestions: [{ messageId: 'addRationale', output: insertAbove('export default class NightlyJob {}\nclass HourlyJob {}\nexport { HourlyJob };', 2, template('HourlyJob as a separate stage')) }] },
      ],
    },
    {
      name: 'decorated exported stage class: the suggestion goes above the decorators',
      filename: 'src/lib/stages.ts',
      code: 'declare function D(): ClassDecorator;\n@D()\nexport class LoadStep {}',
      errors: [
        {
          messageId: 'missingStageRationale',
          line: 3,
          suggestions: [{ messageId: 'addRationale', output: insertAbove('declare function D(): ClassDecorator;\n@D()\nexport class LoadStep {}', 2, template('LoadStep as a separate stage')) }],
        },
      ],
    },
    {
      name: 'option stageNames',
      filename: 'src/lib/x.ts',
      code: 'export class OrdersProcessor {}',
      options: [{ stageNames: ['Processor'] }],
      errors: [{ messageId: 'missingStageRationale', suggestions: [{ messageId: 'addRationale', output: insertAbove('export class OrdersProcessor {}', 1, template('OrdersProcessor as a separate stage')) }] }],
    },
    {
      name: 'schemas: true reports a drizzle table without @rationale on the definition',
      filename: 'src/db/schema.ts',
      code: "import { sqliteTable, text } from 'drizzle-orm/sqlite-core';\nexport const orders = sqliteTable('orders', { id: text('id') });",
      options: [{ schemas: true }],
      errors: [
        {
          messageId: 'missingSchemaRationale',
          line: 2,
          data: { table: 'orders' },
          suggestions: [
            {
              messageId: 'addRationale',
              output: insertAbove("import { sqliteTable, text } from 'drizzle-orm/sqlite-core';\nexport const orders = sqliteTable('orders', { id: text('id') });", 2, template('orders table shape')),
            },
          ],
        },
      ],
    },
  ],
});
