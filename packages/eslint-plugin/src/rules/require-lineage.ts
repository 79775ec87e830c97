import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getDocIndex } from '../comments/doc-index';
import { findDatasetAccess } from '../detect/dataset-access';
import type { DatasetAccess } from '../detect/dataset-access';
import { FUNCTION_NODE_TYPES, forEachScanned } from '../detect/resolve';
import { SQL_HOLE } from '../detect/sql';
import { isPipelineFileOf, relativeFilenameOf } from '../detect/pipeline-files';
import { getSettings } from '../settings';
import type { PipeguardSettings } from '../settings';
import { enclosingOwner, insertBlock } from '../suggest/insert-block';
import { lineageTemplate } from '../suggest/templates';
import type { DatasetLine } from '../suggest/templates';
import { createRule } from '../util/createRule';

export type Options = [{ files?: string[]; datasets?: boolean }];
export type MessageIds = 'missingLineageStep' | 'missingLineageDatasets' | 'missingLineageModule' | 'addLineage';

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Name and report node of a function that is a named unit (declaration, method, variable, property). */
interface Unit {
  fn: FunctionNode;
  name: string;
  what: 'function' | 'method';
  reportNode: TSESTree.Node;
  /** where the doc comment goes when it is not the function itself (a module-level variable) */
  owner?: TSESTree.Node;
  /** `Class.method` for methods of named classes (used as the job name) */
  qualifiedName?: string;
}

function unitOf(fn: FunctionNode): Unit | undefined {
  const owner = enclosingOwner(fn.body);
  if (owner !== fn) {
    // `export const run = wrap(async () => …)`: the outermost callback of a module-level variable is its unit
    if (owner.type === AST_NODE_TYPES.VariableDeclarator && owner.id.type === AST_NODE_TYPES.Identifier && wrappedFunctionOf(owner) === fn) {
      return { fn, name: owner.id.name, what: 'function', reportNode: owner.id, owner };
    }
    return undefined; // an anonymous callback: part of its enclosing unit
  }
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    return { fn, name: fn.id?.name ?? 'default', what: 'function', reportNode: fn.id ?? fn };
  }
  const parent = fn.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.Identifier ? { fn, name: parent.id.name, what: 'function', reportNode: parent.id } : undefined;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition: {
      const key = parent.key;
      const name = key.type === AST_NODE_TYPES.Identifier ? key.name : key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${key.name}` : undefined;
      if (name === undefined) return undefined;
      const cls = parent.parent.parent;
      const className = (cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression) && cls.id ? cls.id.name : undefined;
      return { fn, name, what: 'method', reportNode: key, ...(className ? { qualifiedName: `${className}.${name}` } : {}) };
    }
    case AST_NODE_TYPES.Property:
      return parent.key.type === AST_NODE_TYPES.Identifier ? { fn, name: parent.key.name, what: 'method', reportNode: parent.key } : undefined;
    case AST_NODE_TYPES.ExportDefaultDeclaration:
      return { fn, name: 'default', what: 'function', reportNode: fn };
    default:
      return fn.id ? { fn, name: fn.id.name, what: 'function', reportNode: fn.id } : undefined;
  }
}

/**
 * The function a module-level variable wraps: `wrap(async () => …)`, `limiter.wrap(fn)`, `await make(fn)`.
 * Only a direct argument of a call on a plain name counts: builder chains (`z.object(…).transform(fn)`)
 * and callbacks after data arguments hold callbacks, not steps.
 */
function wrappedFunctionOf(declarator: TSESTree.VariableDeclarator): TSESTree.Node | undefined {
  let init: TSESTree.Node | null = declarator.init;
  while (init && (init.type === AST_NODE_TYPES.AwaitExpression || init.type === AST_NODE_TYPES.TSAsExpression || init.type === AST_NODE_TYPES.TSSatisfiesExpression)) {
    init = init.type === AST_NODE_TYPES.AwaitExpression ? init.argument : init.expression;
  }
  if (init?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  let callee: TSESTree.Node = init.callee;
  while (callee.type === AST_NODE_TYPES.MemberExpression) callee = callee.object;
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  // `wrap(fn, opts)`, `trace('name', fn)`: the function comes first or after plain literals only
  // (`sqliteTable('t', columns, (t) => …)` holds a callback, not a step)
  for (const arg of init.arguments) {
    if (arg.type === AST_NODE_TYPES.ArrowFunctionExpression || arg.type === AST_NODE_TYPES.FunctionExpression) return arg;
    if (arg.type !== AST_NODE_TYPES.Literal && arg.type !== AST_NODE_TYPES.TemplateLiteral) return undefined;
  }
  return undefined;
}

/** Is the identifier's binding exported (`export { x }`, `export default x`)? */
function isExportedBinding(id: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  // a function's or class's own scope also binds its name; `export { x }` references the outer binding
  let scope = sourceCode.getScope(id);
  while (scope.block === id.parent && scope.upper) scope = scope.upper;
  const variable = ASTUtils.findVariable(scope, id.name);
  if (!variable) return false;
  return variable.references.some((ref) => {
    const parent = ref.identifier.parent;
    return parent?.type === AST_NODE_TYPES.ExportSpecifier || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
  });
}

const isExportStatement = (node: TSESTree.Node | undefined): boolean =>
  node?.type === AST_NODE_TYPES.ExportNamedDeclaration || node?.type === AST_NODE_TYPES.ExportDefaultDeclaration;

/** An exported function, or a public method of an exported class: a step of a pipeline module. */
function isExportedStep(unit: Unit, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const { fn } = unit;
  const parent = unit.owner ?? fn.parent;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    if (isExportStatement(parent)) return true;
    return fn.id ? isExportedBinding(fn.id, sourceCode) : false;
  }
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator) {
    // (also reached for a module-level `const run = wrap(async () => …)`, where `parent` is the declarator)
    const declaration = parent.parent;
    if (declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
    return declaration.parent.type === AST_NODE_TYPES.Program && parent.id.type === AST_NODE_TYPES.Identifier && isExportedBinding(parent.id, sourceCode);
  }
  if (parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition) {
    if (parent.type === AST_NODE_TYPES.MethodDefinition && parent.kind !== 'method') return false;
    if (parent.accessibility === 'private' || parent.key.type === AST_NODE_TYPES.PrivateIdentifier) return false;
    const cls = parent.parent.parent;
    if (cls.type !== AST_NODE_TYPES.ClassDeclaration && cls.type !== AST_NODE_TYPES.ClassExpression) return false;
    if (isExportStatement(cls.parent)) return true;
    return cls.type === AST_NODE_TYPES.ClassDeclaration && cls.id !== null && isExportedBinding(cls.id, sourceCode);
  }
  return false;
}

/**
 * Guards against detector output this rule cannot use: a mode other than read/write, or a dataset name
 * that is empty, made only of template holes (`FROM ${table}`) or of punctuation (`*`), which cannot be
 * written in `@lineage`.
 */
function isUsableAccess(access: DatasetAccess): boolean {
  if (access.mode !== 'read' && access.mode !== 'write') return false;
  const name = typeof access.dataset.name === 'string' ? access.dataset.name.split(SQL_HOLE).join('').trim() : '';
  return /[\p{L}\p{N}_]/u.test(name);
}

/** `main.orders` style label of a dataset for messages. */
const datasetLabel = (access: DatasetAccess): string => {
  const name = access.dataset.name.split(SQL_HOLE).join('…');
  return access.dataset.namespace ? `${access.dataset.namespace} ${name}` : name;
};

function describeAccesses(accesses: readonly DatasetAccess[]): string {
  const reads = [...new Set(accesses.filter((a) => a.mode === 'read').map(datasetLabel))];
  const writes = [...new Set(accesses.filter((a) => a.mode === 'write').map(datasetLabel))];
  const list = (names: string[]) => names.map((n) => `\`${n}\``).join(', ');
  const parts: string[] = [];
  if (reads.length > 0) parts.push(`reads ${list(reads)}`);
  if (writes.length > 0) parts.push(`writes ${list(writes)}`);
  return parts.join(' and ');
}

/** The namespace to suggest for a detected dataset: its own, `file` for fs, else the configured alias. */
function namespaceFor(access: DatasetAccess, settings: PipeguardSettings): string {
  if (access.dataset.namespace) return access.dataset.namespace;
  if (access.via === 'fs') return 'file';
  const aliases = Object.keys(settings.namespaceAliases);
  if (access.via === 'better-sqlite3' && (aliases.length === 0 || aliases.includes('sqlite'))) return 'sqlite';
  return aliases[0] ?? 'db';
}

/** A valid job name (letters, digits, `_ . -`) from a function name. */
const jobName = (name: string): string => name.replace(/^#/, '').replace(/[^\w.-]/g, '_') || 'job';

export default createRule<Options, MessageIds>({
  name: 'require-lineage',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a `@lineage` block on pipeline steps and on functions that read or write datasets',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      missingLineageStep:
        'Exported {{what}} `{{name}}` is a step of the pipeline module {{file}} but has no `@lineage` block. Add `@lineage {{job}}` with the `in:` and `out:` datasets it reads and writes to its doc comment (or a module-level `@lineage` / `DATA FLOW:`).',
      missingLineageDatasets:
        '{{What}} `{{name}}` {{accesses}} but has no `@lineage` block. Add `@lineage {{job}}` with an `in:` / `out:` line for each of these datasets to its doc comment.',
      missingLineageModule:
        'Top-level code of {{file}} {{accesses}} but the module has no `@lineage` block. Add `@lineage {{job}}` with an `in:` / `out:` line for each of these datasets to the module doc comment at the top of the file.',
      addLineage: 'Add a `@lineage {{job}}` block to the doc comment of `{{name}}` ({{count}} dataset line(s) read from the code).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          files: {
            type: 'array',
            items: { type: 'string' },
            description: 'Globs (picomatch, relative to the ESLint cwd) of pipeline modules; defaults to settings.pipeguard.pipelineFiles, then to the built-in globs.',
          },
          datasets: {
            type: 'boolean',
            description: 'Also require `@lineage` on any function that reads or writes a dataset, in any file (default true).',
          },
        },
      },
    ],
    defaultOptions: [{ datasets: true }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const settings = getSettings(context);
    const pipelineModule = isPipelineFileOf(context, options.files ?? settings.pipelineFiles);
    const checkDatasets = options.datasets !== false;
    if (!pipelineModule && !checkDatasets) return {};
    const index = getDocIndex(context);
    const file = relativeFilenameOf(context);

    const check = (fn: FunctionNode): void => {
      if (!fn.body) return;
      const unit = unitOf(fn);
      if (!unit) return;
      const step = pipelineModule && isExportedStep(unit, sourceCode);
      // cheap checks first: the dataset scan only runs when the function is not a covered step
      if (index.findCovering(fn, 'lineage')) return;
      let accesses: readonly DatasetAccess[] = [];
      if (checkDatasets) {
        try {
          accesses = findDatasetAccess(fn, context).filter((access) => isUsableAccess(access) && ownerUnitOf(access.node) === fn);
        } catch {
          accesses = [];
        }
      }
      if (!step && accesses.length === 0) return;
      const job = jobName(unit.qualifiedName ?? unit.name);
      const datasets: DatasetLine[] = accesses.filter((access) => !access.dataset.name.includes(SQL_HOLE)).map((access) => ({
        mode: access.mode,
        namespace: namespaceFor(access, settings),
        name: access.dataset.name,
      }));
      const template = lineageTemplate(job, datasets);
      const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [
        { messageId: 'addLineage', data: { job, name: unit.name, count: String(template.length - 1) }, fix: insertBlock(index, unit.owner ?? fn, template) },
      ];
      if (accesses.length > 0) {
        context.report({
          node: unit.reportNode,
          messageId: 'missingLineageDatasets',
          data: { What: unit.what === 'method' ? 'Method' : 'Function', name: unit.name, accesses: describeAccesses(accesses), job },
          suggest,
        });
      } else {
        context.report({ node: unit.reportNode, messageId: 'missingLineageStep', data: { what: unit.what, name: unit.name, file, job }, suggest });
      }
    };

    /** The named unit an access belongs to (accesses inside nested named functions belong to those). */
    const ownerUnitOf = (node: TSESTree.Node): TSESTree.Node | undefined => {
      for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
        if (
          (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.ArrowFunctionExpression) &&
          unitOf(current)
        ) {
          return current;
        }
      }
      return undefined;
    };

    /** Datasets touched by top-level code (scripts) need a module-level `@lineage`. */
    const checkModule = (program: TSESTree.Program): void => {
      if (!checkDatasets || index.moduleBlocks('lineage').length > 0) return;
      let accesses: readonly DatasetAccess[];
      try {
        accesses = findDatasetAccess(program, context).filter(isUsableAccess);
      } catch {
        return;
      }
      const first = accesses[0];
      if (!first) return;
      const job = jobName(path.basename(context.filename).replace(/\.[cm]?[jt]sx?$/, ''));
      const datasets: DatasetLine[] = accesses.filter((access) => !access.dataset.name.includes(SQL_HOLE)).map((access) => ({ mode: access.mode, namespace: namespaceFor(access, settings), name: access.dataset.name }));
      const template = lineageTemplate(job, datasets);
      context.report({
        node: first.node,
        messageId: 'missingLineageModule',
        data: { file, accesses: describeAccesses(accesses), job },
        suggest: [{ messageId: 'addLineage', data: { job, name: file, count: String(template.length - 1) }, fix: insertBlock(index, program, template) }],
      });
    };

    return {
      // every function of the file, in traversal order, from the shared scan list (see forEachScanned)
      'Program:exit'(program) {
        forEachScanned(sourceCode, FUNCTION_NODE_TYPES, check);
        checkModule(program);
      },
    };
  },
});
