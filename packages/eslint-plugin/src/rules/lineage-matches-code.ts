/**
 * `lineage-matches-code`: every table and file a function reads or writes is declared in its `@lineage`.
 *
 * @rationale Compare declared datasets with detected ones by table name modulo schema prefix
 *   why: a `@lineage` block that drifts from the code is worse than none, because OpenLineage graphs are
 *     built from it. Code names tables bare (`orders`), schema-qualified (`main.orders`) or through a
 *     drizzle variable (`stagingOrders`); blocks name them `sqlite main.staging_orders`. Matching on the
 *     last name segment (case-insensitive, ignoring `_` and `-`), and on the schema only when both sides
 *     give one, accepts every spelling of the same table and still catches a wrong table.
 *   alternatives: exact string equality (fails on every schema prefix); resolving namespaces to database
 *     URLs (the code rarely says which database it is talking to)
 *   tradeoffs: two tables with the same name in different databases, both used unqualified, look alike
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import picomatch from 'picomatch';
import { getLineageSpec } from '@pipeguard/doc-blocks';
import type { Block, DatasetRef, Field } from '@pipeguard/doc-blocks';
import { getDocIndex } from '../comments/doc-index';
import type { BlockRef, CoveringBlock, DocIndex } from '../comments/doc-index';
import { findDatasetAccess } from '../detect/dataset-access';
import type { DatasetAccess } from '../detect/dataset-access';
import { FUNCTION_NODE_TYPES, forEachScanned } from '../detect/resolve';
import { getSettings } from '../settings';
import type { PipeguardSettings } from '../settings';
import { createRule } from '../util/createRule';

export type Options = [{ reportUnused?: boolean; ignore?: string[] }];
export type MessageIds = 'undeclaredRead' | 'undeclaredWrite' | 'unusedDataset' | 'addDatasetLine';

/** `Main.Staging_Orders` → `stagingorders` (case, `_`, `-` and quotes do not matter). */
const normName = (s: string): string => s.toLowerCase().replace(/["'`[\]_-]/g, '');

function splitTable(name: string): { schema?: string; table: string } {
  const parts = name.split('.');
  const table = parts.pop() ?? name;
  return parts.length > 0 ? { schema: parts.join('.'), table } : { table };
}

const normPath = (p: string): string => p.replace(/\\/g, '/').replace(/^file:\/\//, '').replace(/^\.\//, '').replace(/\/{2,}/g, '/');

/** Does a declared dataset name the accessed one? Exported for the docs and tests. */
export function datasetMatches(access: DatasetAccess['dataset'], declared: Pick<DatasetRef, 'namespace' | 'name'>, aliases: Readonly<Record<string, string>> = {}): boolean {
  // Own properties only: a namespace called `constructor` or `toString` is not an alias.
  const namespace = (Object.hasOwn(aliases, declared.namespace) ? aliases[declared.namespace] : undefined) ?? declared.namespace;
  if (access.namespace === 'file') {
    const have = normPath(access.name);
    const want = normPath(declared.name);
    if (have === want || have.endsWith(`/${want}`) || want.endsWith(`/${have}`)) return true;
    if (/[*?{[]/.test(want)) return picomatch(want, { dot: true })(have) || picomatch(`**/${want}`, { dot: true })(have);
    return false;
  }
  if (namespace === 'file' || namespace.startsWith('file:')) return false;
  const a = splitTable(access.name);
  const d = splitTable(declared.name);
  if (normName(a.table) !== normName(d.table)) return false;
  if (a.schema !== undefined && d.schema !== undefined) return normName(a.schema) === normName(d.schema);
  return true;
}

/** What a dataset line should say for an access, using the block's own namespaces when it has some. */
function lineFor(access: DatasetAccess, spec: { inputs: DatasetRef[]; outputs: DatasetRef[] }, settings: PipeguardSettings): string {
  const keyword = access.mode === 'read' ? 'in' : 'out';
  if (access.dataset.namespace === 'file') return `${keyword}: file ${access.dataset.name}`;
  const tableNamespaces = [...spec.inputs, ...spec.outputs].map((d) => d.namespace).filter((ns) => ns !== 'file' && !ns.startsWith('file:') && ns !== 'flow');
  const aliases = Object.keys(settings.namespaceAliases);
  const namespace = tableNamespaces[0] ?? (access.via === 'better-sqlite3' && (aliases.length === 0 || aliases.includes('sqlite')) ? 'sqlite' : (aliases[0] ?? 'db'));
  // the block writes every table (two or more) as `main.x`: write the new one the same way
  const tables = [...spec.inputs, ...spec.outputs].filter((d) => d.namespace !== 'file' && !d.namespace.startsWith('file:') && d.namespace !== 'flow');
  const schemas = new Set(tables.map((d) => splitTable(d.name).schema));
  const [onlySchema] = schemas;
  const name = !access.dataset.name.includes('.') && tables.length >= 2 && schemas.size === 1 && onlySchema !== undefined ? `${onlySchema}.${access.dataset.name}` : access.dataset.name;
  return `${keyword}: ${namespace} ${name}`;
}

/** Inserts `line` as a new field after the block's last `in:` / `out:` field, else its last field, else its head (also used by rate-limit-matches-code). */
export function addFieldFix(index: DocIndex, ref: BlockRef, line: string): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  const { sourceCode } = index;
  const { block, doc } = ref;
  const base = doc.comment.range[0];
  const datasetFields = block.fields.filter((f: Field) => f.key === 'in' || f.key === 'out');
  const anchor = datasetFields[datasetFields.length - 1] ?? block.fields[block.fields.length - 1];
  const afterOffset = anchor ? anchor.loc.end.offset : block.headLoc.end.offset;
  const at = base + afterOffset;
  const lineNo = sourceCode.getLocFromIndex(at).line;
  const lineText = sourceCode.lines[lineNo - 1] ?? '';
  const decoration = /^[ \t]*\*?[ \t]?/.exec(lineText)?.[0] ?? ' * ';
  let fieldIndent = '  ';
  if (anchor) {
    const keyCol = sourceCode.getLocFromIndex(base + anchor.loc.start.offset).column;
    fieldIndent = ' '.repeat(Math.max(0, keyCol - decoration.length));
  }
  const eol = /\r\n|\r|\n/.exec(sourceCode.text)?.[0] ?? '\n';
  // a one-line `/** @lineage x */` comment: open it up
  if (sourceCode.getLocFromIndex(doc.comment.range[0]).line === sourceCode.getLocFromIndex(doc.comment.range[1]).line) {
    const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
    return (fixer) => fixer.insertTextAfterRange([at, at], `${eol}${indent} *   ${line}${eol}${indent}`);
  }
  return (fixer) => fixer.insertTextAfterRange([at, at], `${eol}${decoration}${fieldIndent}${line}`);
}

export default createRule<Options, MessageIds>({
  name: 'lineage-matches-code',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the tables and files a function reads or writes to be declared as `in:` / `out:` of its `@lineage` block',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      undeclaredRead:
        '{{what}} `{{name}}` is read here ({{via}}) but the `@lineage {{job}}` block on line {{line}} has no `in:` for it. Add `{{suggested}}` to that block.',
      undeclaredWrite:
        '{{what}} `{{name}}` is written here ({{via}}) but the `@lineage {{job}}` block on line {{line}} has no `out:` for it. Add `{{suggested}}` to that block.',
      unusedDataset:
        '`{{field}}: {{dataset}}` is declared in `@lineage {{job}}` but the code it documents never {{verb}} it. Remove the line or fix the dataset name.',
      addDatasetLine: 'Add `{{suggested}}` to `@lineage {{job}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportUnused: {
            type: 'boolean',
            description: 'Also report `in:` / `out:` datasets that the documented code never touches (default false: helpers in other modules are not followed).',
          },
          ignore: {
            type: 'array',
            items: { type: 'string' },
            description: 'Dataset names or globs never reported (e.g. `sqlite_master`, `tmp/**`).',
          },
        },
      },
    ],
    defaultOptions: [{ reportUnused: false, ignore: [] }],
  },
  create(context, [options]) {
    const index = getDocIndex(context);
    // cheap check first: no @lineage in the file, nothing to compare
    const hasLineage = index.allDocs().some((d) => d.doc.blocks.some((b) => b.kind === 'lineage'));
    if (!hasLineage) return {};
    const settings = getSettings(context);
    const ignore = (options.ignore ?? []).map((glob) => picomatch(glob, { dot: true, nocase: true }));
    const isIgnored = (name: string): boolean => ignore.some((m) => m(name));

    /** Per lineage block: the block, and every access it covers (for `reportUnused`). */
    const covered = new Map<Block, { ref: CoveringBlock; accesses: DatasetAccess[] }>();

    const checkAccesses = (root: TSESTree.Node, accesses: readonly DatasetAccess[]): void => {
      for (const access of accesses) {
        if (access.dynamic === true) continue;
        if (nearestFunction(access.node) !== (root.type === AST_NODE_TYPES.Program ? undefined : root)) continue;
        const ref = index.findCovering(access.node, 'lineage');
        if (!ref) continue; // require-lineage reports the missing block
        if (ref.block.style === 'section' && ref.block.fields.length === 0) continue; // prose DATA FLOW: names stages, not datasets
        let entry = covered.get(ref.block);
        if (!entry) {
          entry = { ref, accesses: [] };
          covered.set(ref.block, entry);
        }
        entry.accesses.push(access);
        const spec = getLineageSpec(ref.block);
        const declared = access.mode === 'read' ? spec.inputs : spec.outputs;
        if (declared.some((d) => datasetMatches(access.dataset, d, settings.namespaceAliases))) continue;
        if (isIgnored(access.dataset.name)) continue;
        const suggested = lineFor(access, spec, settings);
        const job = spec.job || 'DATA FLOW';
        const line = String(index.reportLoc(ref.doc, ref.block.loc).start.line);
        const data = {
          what: access.dataset.namespace === 'file' ? 'File' : 'Table',
          name: access.dataset.name,
          via: access.via,
          job,
          line,
          suggested,
        };
        context.report({
          loc: access.loc ?? access.node.loc,
          messageId: access.mode === 'read' ? 'undeclaredRead' : 'undeclaredWrite',
          data,
          suggest: [{ messageId: 'addDatasetLine', data, fix: addFieldFix(index, ref, suggested) }],
        });
      }
    };

    return {
      'Program:exit'(program: TSESTree.Program) {
        checkAccesses(program, findDatasetAccess(program, context));
        // every function of the file, in traversal order, from the shared scan list (see forEachScanned)
        forEachScanned(context.sourceCode, FUNCTION_NODE_TYPES, (fn) => {
          if (fn.body) checkAccesses(fn, findDatasetAccess(fn, context));
        });
        if (options.reportUnused !== true) return;
        for (const { ref, accesses } of covered.values()) {
          if (ref.block.style !== 'tag') continue;
          for (const field of ref.block.fields) {
            if ((field.key !== 'in' && field.key !== 'out') || field.parsed?.kind !== 'dataset') continue;
            const declared = field.parsed.value;
            const mode = field.key === 'in' ? 'read' : 'write';
            const used = accesses.some((a) => a.mode === mode && datasetMatches(a.dataset, declared, settings.namespaceAliases));
            if (used || isIgnored(declared.name)) continue;
            context.report({
              loc: index.reportLoc(ref.doc, field.loc),
              messageId: 'unusedDataset',
              data: { field: field.key, dataset: `${declared.namespace} ${declared.name}`, job: ref.block.head, verb: mode === 'read' ? 'reads' : 'writes' },
            });
          }
        }
      },
    };
  },
});

function nearestFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.ArrowFunctionExpression) {
      return current;
    }
  }
  return undefined;
}
