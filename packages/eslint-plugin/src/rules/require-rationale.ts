import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getDocIndex } from '../comments/doc-index';
import { isPipelineFileOf, relativeFilenameOf } from '../detect/pipeline-files';
import { CLASS_NODE_TYPES, forEachScanned } from '../detect/resolve';
import { findSchemaDefinitions } from '../detect/schema-definitions';
import { getSettings } from '../settings';
import { insertBlock } from '../suggest/insert-block';
import { rationaleTemplate } from '../suggest/templates';
import { createRule } from '../util/createRule';
import { statementOf } from '../util/statementOf';

export type Options = [{ files?: string[]; stageNames?: string[]; schemas?: boolean }];
export type MessageIds = 'missingModuleRationale' | 'missingStageRationale' | 'missingSchemaRationale' | 'addRationale';

export const DEFAULT_STAGE_SUFFIXES = ['Stage', 'Step', 'Job', 'Pipeline', 'Transform', 'Transformer'];

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** The last name of `Foo`, `ns.Foo`, `Foo<T>` heritage expressions. */
function heritageName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    return node.property.name;
  }
  return undefined;
}

function isExported(cls: ClassNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const parent = cls.parent;
  if (parent.type === AST_NODE_TYPES.ExportNamedDeclaration || parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  const id = cls.type === AST_NODE_TYPES.ClassDeclaration ? cls.id : parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id : null;
  if (!id) return false;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
  // the class's own scope also binds its name; the export specifier references the outer binding
  let scope = sourceCode.getScope(cls);
  while (scope.block === cls && scope.upper) scope = scope.upper;
  const variable = ASTUtils.findVariable(scope, id.name);
  return (
    variable?.references.some((ref) => {
      const p = ref.identifier.parent;
      return p?.type === AST_NODE_TYPES.ExportSpecifier || p?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
    }) ?? false
  );
}


export default createRule<Options, MessageIds>({
  name: 'require-rationale',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a `@rationale` block on pipeline modules and on exported classes that implement pipeline stages',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      missingModuleRationale:
        'Pipeline module {{file}} has no module-level `@rationale` (or `WHY THIS ARCHITECTURE:`). Add a doc comment at the top of the file, separated from the first declaration by a blank line, that says why this pipeline is built this way.',
      missingStageRationale:
        'Exported class `{{name}}` implements a pipeline stage ({{reason}}) but has no `@rationale` block. Add `@rationale` with `why:` and `alternatives:` to its doc comment.',
      missingSchemaRationale:
        'Schema definition of `{{table}}` has no `@rationale` block. Add `@rationale` saying why this table has this shape to its doc comment.',
      addRationale: 'Add a `@rationale {{subject}}` block to {{where}} (fill in the TODOs).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          files: {
            type: 'array',
            items: { type: 'string' },
            description: 'Globs of pipeline modules; defaults to settings.pipeguard.pipelineFiles, then to the built-in globs.',
          },
          stageNames: {
            type: 'array',
            items: { type: 'string' },
            description: 'Class or interface name suffixes that mark a pipeline stage (default Stage, Step, Job, Pipeline, Transform, Transformer).',
          },
          schemas: {
            type: 'boolean',
            description: 'Also require `@rationale` on schema definitions (off by default: `require-schema-docs` already does this).',
          },
        },
      },
    ],
    defaultOptions: [{ schemas: false }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const settings = getSettings(context);
    const suffixes = options.stageNames ?? DEFAULT_STAGE_SUFFIXES;
    const isStageName = (name: string | undefined): boolean => name !== undefined && suffixes.some((suffix) => name.endsWith(suffix) && name.length > 0);
    const index = getDocIndex(context);
    const file = relativeFilenameOf(context);

    const checkClass = (cls: ClassNode): void => {
      const name = cls.id?.name ?? (cls.parent.type === AST_NODE_TYPES.VariableDeclarator && cls.parent.id.type === AST_NODE_TYPES.Identifier ? cls.parent.id.name : undefined);
      let reason: string | undefined;
      if (isStageName(name)) reason = `its name ends in \`${suffixes.find((s) => name?.endsWith(s)) ?? ''}\``;
      const implemented = (cls.implements ?? []).map((item) => heritageName(item.expression)).find(isStageName);
      if (!reason && implemented) reason = `it implements \`${implemented}\``;
      const extended = cls.superClass ? heritageName(cls.superClass) : undefined;
      if (!reason && isStageName(extended)) reason = `it extends \`${extended ?? ''}\``;
      if (!reason) return;
      if (!isExported(cls, sourceCode)) return;
      if (index.blocksFor(cls, 'rationale').length > 0) return;
      const className = name ?? 'default';
      const subject = `${className} as a separate stage`;
      context.report({
        node: cls.id ?? cls,
        messageId: 'missingStageRationale',
        data: { name: className, reason },
        suggest: [{ messageId: 'addRationale', data: { subject, where: `class \`${className}\`` }, fix: insertBlock(index, cls, rationaleTemplate(subject)) }],
      });
    };

    return {
      Program(program) {
        const first = program.body[0];
        if (!first) return;
        if (!isPipelineFileOf(context, options.files ?? settings.pipelineFiles)) return;
        if (index.moduleBlocks('rationale').length > 0) return;
        const subject = `${path.basename(context.filename).replace(/\.[cm]?[jt]sx?$/, '')} pipeline design`;
        // Point at the code that makes this a pipeline module (the first statement after the imports),
        // not at line 1's import.
        const anchor = program.body.find((statement) => statement.type !== AST_NODE_TYPES.ImportDeclaration) ?? first;
        context.report({
          node: anchor,
          messageId: 'missingModuleRationale',
          data: { file },
          suggest: [{ messageId: 'addRationale', data: { subject, where: 'the top of the file' }, fix: insertBlock(index, program, rationaleTemplate(subject)) }],
        });
      },
      'Program:exit'() {
        // every class of the file, in traversal order, from the shared scan list (see forEachScanned)
        forEachScanned(sourceCode, CLASS_NODE_TYPES, checkClass);
        if (options.schemas !== true) return;
        for (const definition of findSchemaDefinitions(context)) {
          if (index.findCovering(definition.node, 'rationale', { includeModule: false })) continue;
          const subject = `${definition.table} table shape`;
          context.report({
            node: definition.node,
            messageId: 'missingSchemaRationale',
            data: { table: definition.table },
            suggest: [
              {
                messageId: 'addRationale',
                data: { subject, where: `the definition of \`${definition.table}\`` },
                fix: insertBlock(index, statementOf(definition.node), rationaleTemplate(subject)),
              },
            ],
          });
        }
      },
    };
  },
});
