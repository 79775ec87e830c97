/**
 * `require-schema-docs`: table and index definitions carry the schema blocks their shape calls for.
 *
 * @rationale Ask for each schema block only when the definition declares what it documents
 *   why: a table always gets `@rationale` (why this shape); `@indexing` only when it declares indexes and
 *     `@constraints` only when it declares foreign keys, unique or check constraints, so the rule never asks
 *     for a block that would have nothing true to say. Suggestions fill the blocks with the index and
 *     constraint names read from the definition; the reasons stay explicit TODOs for a person to write.
 *   alternatives: one catch-all `@schema` block (reviewers cannot see whether indexes were considered);
 *     requiring every block everywhere (noise)
 *   tradeoffs: a module-level block counts only when the file defines a single table, so one file-wide
 *     `@rationale` cannot silently cover a whole schema file
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { BlockKind } from '@pipeguard/doc-blocks';
import { getDocIndex } from '../comments/doc-index';
import type { DocIndex } from '../comments/doc-index';
import { findSchemaDefinitions } from '../detect/schema-definitions';
import type { SchemaDefinition, SqlConstraint, SqlIndex } from '../detect/schema-definitions';
import { insertBlock } from '../suggest/insert-block';
import { rationaleTemplate } from '../suggest/templates';
import { createRule } from '../util/createRule';
import { statementOf } from '../util/statementOf';

export type Options = [{ requireRetention?: boolean; requireIndexing?: boolean; requireConstraints?: boolean }];
export type MessageIds =
  | 'missingRationale'
  | 'missingIndexing'
  | 'missingConstraints'
  | 'missingRetention'
  | 'addRationale'
  | 'addIndexing'
  | 'addConstraints'
  | 'addRetention';

const describeIndex = (index: SqlIndex): string =>
  `${index.name ?? 'unnamed'}${index.unique ? ' unique' : ''} (${index.columns.join(', ')})`;

const describeConstraint = (table: string, c: SqlConstraint): string => {
  const cols = c.columns.map((col) => `${table}.${col}`).join(', ');
  switch (c.kind) {
    case 'foreignKey': {
      const target = c.references ? `${c.references.table}${c.references.columns.length > 0 ? `.${c.references.columns.join(', ')}` : ''}` : 'another table';
      return `foreign key ${cols || table} → ${target}`;
    }
    case 'unique':
      return `unique ${cols || table}`;
    case 'check':
      return `check ${c.expression ?? ''}`.trim();
  }
};

/** Lines of a filled `@indexing` block (index names and columns from the definition). */
export function indexingTemplate(def: SchemaDefinition): string[] {
  return [
    `@indexing ${def.table} indexes`,
    ...def.indexes.map((index) => `  index: ${describeIndex(index)}`),
    '  queries: TODO the queries these indexes serve',
    '  why: TODO why these indexes and not others',
  ];
}

/** Lines of a filled `@constraints` block (`fk:` / `unique:` / `check:` read from the definition). */
export function constraintsTemplate(def: SchemaDefinition): string[] {
  const lines = [`@constraints ${def.table} integrity rules`];
  for (const c of def.constraints) {
    const cols = c.columns.map((col) => `${def.table}.${col}`).join(', ');
    if (c.kind === 'foreignKey') {
      const target = c.references ? `${c.references.table}${c.references.columns.length > 0 ? `.${c.references.columns.join(', ')}` : ''}` : 'TODO the referenced table';
      lines.push(`  fk: ${cols || def.table} to ${target}`);
    } else if (c.kind === 'unique') {
      lines.push(`  unique: ${cols || def.table}`);
    } else {
      lines.push(`  check: ${(c.expression ?? '').replace(/\s+/g, ' ').trim() || 'TODO the checked expression'}`);
    }
  }
  lines.push('  enforcedBy: db', '  why: TODO why these rules are enforced in the database');
  return lines;
}

/** Lines of a `@retention` block: nothing in the code says how long rows live, so the values are TODOs. */
export function retentionTemplate(def: SchemaDefinition): string[] {
  return [
    `@retention ${def.table} rows`,
    '  keep: TODO a duration like 90d, or forever',
    '  why: TODO the business or legal reason for this period',
  ];
}


/** Where to report: the SQL statement inside a string, or the head of the definition call. */
function reportLoc(def: SchemaDefinition): TSESTree.SourceLocation {
  if (def.loc) return def.loc;
  const node = def.node;
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const end = (node.arguments[0] ?? node.callee).loc.end;
    return { start: node.loc.start, end };
  }
  return node.loc;
}

export default createRule<Options, MessageIds>({
  name: 'require-schema-docs',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require `@rationale`, `@indexing`, `@constraints` (and optionally `@retention`) blocks on table and index definitions',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      missingRationale:
        'Table `{{table}}` ({{via}}) has no `@rationale` block. Add `@rationale` to the doc comment of this definition saying why the table has this shape.',
      missingIndexing:
        '{{what}} `{{table}}` ({{via}}) declares {{indexes}} but has no `@indexing` block. Add `@indexing` to the doc comment of this definition with an `index:` line per index, the queries they serve and why.',
      missingConstraints:
        'Table `{{table}}` ({{via}}) declares {{constraints}} but has no `@constraints` block. Add `@constraints` to the doc comment of this definition with an `fk:` / `unique:` / `check:` line for each and why the database enforces them.',
      missingRetention:
        'Table `{{table}}` ({{via}}) has no `@retention` block (required by the `requireRetention` option). Add `@retention` with `keep:` saying how long its rows live.',
      addRationale: 'Add a `@rationale` block for `{{table}}` (the reasons are left as TODOs for you to write).',
      addIndexing: 'Add an `@indexing` block listing the {{count}} index(es) of `{{table}}`.',
      addConstraints: 'Add a `@constraints` block listing the {{count}} constraint(s) of `{{table}}`.',
      addRetention: 'Add a `@retention` block for `{{table}}` (the period is left as a TODO for you to write).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireRetention: {
            type: 'boolean',
            description: 'Also require a `@retention` block on every table (default false).',
          },
          requireIndexing: {
            type: 'boolean',
            description: 'Require `@indexing` when a definition declares indexes (default true).',
          },
          requireConstraints: {
            type: 'boolean',
            description: 'Require `@constraints` when a definition declares foreign keys, unique or check constraints (default true).',
          },
        },
      },
    ],
    defaultOptions: [{ requireRetention: false, requireIndexing: true, requireConstraints: true }],
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        const definitions = findSchemaDefinitions(context);
        if (definitions.length === 0) return;
        const index = getDocIndex(context);
        const tables = new Set(definitions.filter((d) => d.kind === 'table').map((d) => d.table.toLowerCase()));
        // a module-level block documents the file's table only when there is exactly one
        const includeModule = tables.size <= 1;
        const reported = new Set<string>();
        for (const def of definitions) {
          check(def);
        }

        function check(def: SchemaDefinition): void {
          const loc = reportLoc(def);
          const covering = (kind: BlockKind) => index.findCovering(def.node, kind, { includeModule });
          const data = { table: def.table, via: viaLabel(def) };
          const report = (kind: BlockKind, messageId: MessageIds, suggestId: MessageIds, lines: string[], extra: Record<string, string>) => {
            // several statements in one SQL string share a node: one report per table and block kind
            const key = `${def.node.range.join(':')}|${def.table}|${kind}|${def.kind}`;
            if (reported.has(key)) return;
            reported.add(key);
            context.report({
              loc,
              messageId,
              data: { ...data, ...extra },
              suggest: [{ messageId: suggestId, data: { ...data, ...extra }, fix: insertFix(index, def, lines) }],
            });
          };
          if (def.kind === 'table' && !covering('rationale')) {
            report('rationale', 'missingRationale', 'addRationale', rationaleTemplate(`${def.table} table shape`), {});
          }
          if (options.requireIndexing !== false && def.hasIndexes && !covering('indexing')) {
            report('indexing', 'missingIndexing', 'addIndexing', indexingTemplate(def), {
              what: def.kind === 'index' ? 'Index on' : 'Table',
              indexes: def.indexes.length === 1 ? `index ${describeIndex(def.indexes[0]!)}` : `indexes ${def.indexes.map(describeIndex).join(', ')}`,
              count: String(def.indexes.length),
            });
          }
          if (options.requireConstraints !== false && def.hasConstraints && !covering('constraints')) {
            report('constraints', 'missingConstraints', 'addConstraints', constraintsTemplate(def), {
              constraints: def.constraints.map((c) => describeConstraint(def.table, c)).join(', '),
              count: String(def.constraints.length),
            });
          }
          if (options.requireRetention === true && def.kind === 'table' && !covering('retention')) {
            report('retention', 'missingRetention', 'addRetention', retentionTemplate(def), {});
          }
        }

        /** Merge into the comment that already documents the definition, else a new comment above its statement. */
        function insertFix(idx: DocIndex, def: SchemaDefinition, lines: string[]): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
          const kinds: BlockKind[] = ['rationale', 'indexing', 'constraints', 'retention', 'normalization'];
          for (const kind of kinds) {
            const found = idx.findCovering(def.node, kind, { includeModule });
            if (found) return insertBlock(idx, found.owner, lines);
          }
          return insertBlock(idx, statementOf(def.node), lines);
        }
      },
    };
  },
});

function viaLabel(def: SchemaDefinition): string {
  switch (def.via) {
    case 'drizzle':
      return 'drizzle table';
    case 'kysely':
      return def.kind === 'index' ? 'kysely createIndex' : 'kysely createTable';
    case 'knex':
      return 'knex createTable';
    case 'sql':
      return def.kind === 'index' ? 'SQL CREATE INDEX' : 'SQL CREATE TABLE';
  }
}
