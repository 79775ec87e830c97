import { typeOrValueSpecifiersSchema } from '@typescript-eslint/type-utils';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils, ESLintUtils, TSESLint as TSESLintValues } from '@typescript-eslint/utils';
import { getDocIndex } from '../comments/doc-index';
import type { DocIndex } from '../comments/doc-index';
import { sharedExternalCallDetector } from '../detect/external-calls';
import { CALL_NODE_TYPES, forEachScanned, isFunctionNodeType } from '../detect/resolve';
import { getSettings } from '../settings';
import { describeOwner, enclosingOwner, insertBlock } from '../suggest/insert-block';
import { rateLimitTemplate } from '../suggest/templates';
import { createRule } from '../util/createRule';

const { DefinitionType } = TSESLintValues.Scope;

export type Options = [{ apis?: TypeOrValueSpecifier[]; useTypes?: boolean }];
export type MessageIds = 'missingRateLimit' | 'addRateLimit';

/**
 * Is `node` inside a callback handed to a local function or method that carries `@rateLimit`
 * (`withLimits(() => client.chat.completions.create(…))`)? That function's block covers the call.
 */
function coveredByRateLimitedCallee(node: TSESTree.Node, index: DocIndex, context: Readonly<TSESLint.RuleContext<MessageIds, Options>>): boolean {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (!isFunctionNodeType(current.type)) continue;
    const call = current.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(current as TSESTree.CallExpressionArgument)) continue;
    const target = localFunctionOf(call.callee, context);
    if (target && index.blocksFor(target, 'rateLimit').length > 0) return true;
  }
  return false;
}

/** The local function / method declaration a callee refers to, when it is declared in this file. */
function localFunctionOf(callee: TSESTree.Node, context: Readonly<TSESLint.RuleContext<MessageIds, Options>>): TSESTree.Node | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(callee), callee);
    const def = variable?.defs[0];
    if (!def) return undefined;
    if (def.type === DefinitionType.FunctionName) return def.node;
    if (def.type === DefinitionType.Variable && def.node.init) return def.node.init;
    return undefined;
  }
  if (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.ThisExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier
  ) {
    const name = callee.property.name;
    let body: TSESTree.Node | undefined = callee.parent;
    while (body && body.type !== AST_NODE_TYPES.ClassBody) body = body.parent;
    if (!body) return undefined;
    for (const member of body.body) {
      if (
        (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
        member.key.type === AST_NODE_TYPES.Identifier &&
        member.key.name === name &&
        member.value
      ) {
        return member.value;
      }
    }
  }
  return undefined;
}

export default createRule<Options, MessageIds>({
  name: 'require-rate-limit',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require a `@rateLimit` block on code that calls an external API (LLM SDKs, HTTP clients, fetch)',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    messages: {
      missingRateLimit:
        '`{{callee}}(…)` calls the external API `{{api}}` (from {{module}}) but no `@rateLimit` block documents its limit, retries and timeout. Add `@rateLimit {{api}}` with `limit:`, `retry:` and `timeout:` to {{where}}.',
      addRateLimit: 'Add a `@rateLimit {{api}}` block to {{where}} (defaults read from the code; fill in the TODOs).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          apis: {
            ...typeOrValueSpecifiersSchema,
            description: 'More modules, packages, globals or functions that call external APIs (typescript-eslint TypeOrValueSpecifier format).',
          },
          useTypes: {
            type: 'boolean',
            description: 'Use the type checker to recognise clients passed in as parameters (needs parserOptions.projectService).',
          },
        },
      },
    ],
    defaultOptions: [{ apis: [], useTypes: false }],
  },
  create(context, [options]) {
    const settings = getSettings(context);
    const apis = [...settings.apis, ...(options.apis ?? [])];
    const services = options.useTypes === true ? ESLintUtils.getParserServices(context) : undefined;
    const detector = sharedExternalCallDetector(context, services ? { apis, services } : { apis });
    const index = getDocIndex(context);
    const check = (node: TSESTree.CallExpression): void => {
      const call = detector.check(node);
      if (!call) return;
      if (index.findCovering(node, 'rateLimit')) return;
      if (coveredByRateLimitedCallee(node, index, context)) return;
      const owner = enclosingOwner(node);
      const where = owner.type === AST_NODE_TYPES.Program ? describeOwner(owner) : `the doc comment of ${describeOwner(owner)}`;
      const module = call.module === 'globalThis' ? 'the global `fetch`' : `'${call.module}'`;
      context.report({
        node,
        messageId: 'missingRateLimit',
        data: { callee: call.callee, api: call.api, module, where },
        suggest: [
          {
            messageId: 'addRateLimit',
            data: { api: call.api, where },
            fix: insertBlock(index, owner, rateLimitTemplate(call)),
          },
        ],
      });
    };
    return {
      // every call of the file, in traversal order, from the shared scan list (see forEachScanned)
      'Program:exit'() {
        forEachScanned(context.sourceCode, CALL_NODE_TYPES, check);
      },
    };
  },
});
