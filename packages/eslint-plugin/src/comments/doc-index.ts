/**
 * The per-file doc index: every `/** … *\/` comment parsed once, and which blocks belong to which node.
 *
 * @rationale One lazily parsed comment index per SourceCode, shared by every pipeguard rule
 *   why: eslint-plugin-jsdoc and eslint-plugin-tsdoc re-parse each comment once per rule; with seven rules
 *     that is seven parses of every comment. A WeakMap keyed by the SourceCode object gives every rule the
 *     same parse, dies with the file, and keeps no module-level mutable state, so it is safe under
 *     `eslint --concurrency` (one module instance per worker) and `--cache` (nothing outlives a lint run).
 *   alternatives: ESLint's removed `getJSDocComment` (gone in ESLint 9); TypeScript's JSDoc nodes (need
 *     type information, which only the typed rules have); re-parsing per rule (slow, results can drift)
 *   tradeoffs: attachment follows our own documented rules below instead of TypeScript's, so a comment
 *     TypeScript would attach elsewhere (for example across a blank line at the top of a file) may differ
 *
 * API (all results are cached per file):
 * - `allDocs()` every doc comment of the file in source order, parsed with `parseDocComment`.
 * - `docsFor(node)` / `blocksFor(node, kind?)` the doc comments / blocks written on the node itself or on
 *   what wraps it as a declaration: its `export` / `export default`, its variable declarator and declaration
 *   (`export const run = async () => {}`), the class member or object-literal property whose value it is,
 *   `module.exports.x = …` / `exports.x = …` assignments, `as` / `satisfies` wrappers, its decorators (a comment
 *   before or after the decorators counts) and, for a function or method implementation, the comments on its
 *   overload signatures right above it. Comments directly above the node count even across blank lines,
 *   except the module doc (below), which only counts for the first statement when nothing separates them.
 * - `moduleDoc()` / `moduleBlocks(kind?)` the module-level doc comment: the file's first doc comment when
 *   it stands before the first statement and at least one of these holds:
 *     1. the first statement cannot own a doc comment (an import, a re-export, an expression or directive);
 *     2. a blank line or another doc comment separates it from the first statement;
 *     3. it is written in the seed's section style (`WHY THIS ARCHITECTURE:`, `DATA FLOW:` …) or carries
 *        `@packageDocumentation`, `@module`, `@file` or `@fileoverview`.
 *   A first comment directly on a declaration with none of these is that declaration's doc only (so a
 *   `@rateLimit` on the first function does not silently cover the whole file). In case 3 it is both.
 * - `findCovering(node, kind)` walks from the node up through every enclosing function, method, class,
 *   variable, statement and export to the module doc; returns the nearest block of that kind with its comment
 *   and owner (the `Program` node for the module doc), or undefined. `{ includeModule: false }` stops
 *   before the module doc (for blocks that must sit on the declaration itself).
 * - `reportLoc(doc, span)` turns a doc-blocks `Span` (relative to the comment text) into an ESLint
 *   `SourceLocation` of the file.
 * - `attachmentChain(node)` the nodes from `node` up to the outermost declaration wrapper (the node a new
 *   doc comment must go above is the last one).
 */
import { parseDocComment } from '@pipeguard/doc-blocks';
import type { Block, BlockKind, ParsedDoc, Span } from '@pipeguard/doc-blocks';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, AST_TOKEN_TYPES } from '@typescript-eslint/utils';
import { perFile } from '../util/perFile';

/** One parsed `/** … *\/` comment. `doc` positions are relative to the comment's first character. */
export interface DocComment {
  comment: TSESTree.BlockComment;
  doc: ParsedDoc;
}

/** A block together with the comment it was written in. */
export interface BlockRef {
  block: Block;
  doc: DocComment;
}

/** The nearest block of a kind that covers a node, and the node that carries it (`Program` = module doc). */
export interface CoveringBlock extends BlockRef {
  owner: TSESTree.Node;
}

export interface DocIndex {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  allDocs(): readonly DocComment[];
  docsFor(node: TSESTree.Node): readonly DocComment[];
  blocksFor(node: TSESTree.Node, kind?: BlockKind): readonly BlockRef[];
  moduleDoc(): DocComment | undefined;
  moduleBlocks(kind?: BlockKind): readonly BlockRef[];
  findCovering(node: TSESTree.Node, kind: BlockKind, options?: { includeModule?: boolean }): CoveringBlock | undefined;
  reportLoc(doc: DocComment | TSESTree.Comment, span: Span): TSESTree.SourceLocation;
  attachmentChain(node: TSESTree.Node): readonly TSESTree.Node[];
}

const docIndexOf = perFile(createDocIndex);

/** The shared doc index of the file being linted (created on first use, then cached per SourceCode). */
export function getDocIndex(context: { sourceCode: Readonly<TSESLint.SourceCode> }): DocIndex {
  return docIndexOf(context.sourceCode);
}

/** `/** … *\/` but not `/*` or `/***…` banners. */
export function isDocComment(comment: TSESTree.Comment): comment is TSESTree.BlockComment {
  return comment.type === AST_TOKEN_TYPES.Block && comment.value.startsWith('*') && !comment.value.startsWith('**');
}

/** The (never modified) result for nodes without doc comments. */
const NO_DOCS: readonly DocComment[] = [];

const MODULE_TAGS = new Set(['@packageDocumentation', '@module', '@file', '@fileoverview', '@overview']);

const hasBlankLineBetween = (text: string, from: number, to: number): boolean =>
  /\r?\n[ \t]*\r?\n|\r[ \t]*\r/.test(text.slice(from, to));

/** Statements that can never own a doc comment, so a comment above them is about the module. */
function cannotOwnDoc(node: TSESTree.ProgramStatement): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.TSImportEqualsDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration:
    case AST_NODE_TYPES.ExpressionStatement:
      return true;
    case AST_NODE_TYPES.ExportNamedDeclaration:
      return node.declaration === null;
    default:
      return false;
  }
}

function createDocIndex(sourceCode: Readonly<TSESLint.SourceCode>): DocIndex {
  const text = sourceCode.text;
  const parsed = new Map<TSESTree.Comment, DocComment>();
  const docsCache = new Map<TSESTree.Node, readonly DocComment[]>();
  let all: DocComment[] | undefined;
  let moduleDocValue: { doc: DocComment | undefined; attachedToFirst: boolean } | undefined;

  const parse = (comment: TSESTree.BlockComment): DocComment => {
    let entry = parsed.get(comment);
    if (!entry) {
      let doc: ParsedDoc;
      try {
        doc = parseDocComment(text.slice(comment.range[0], comment.range[1]));
      } catch {
        // parseDocComment is specified never to throw; stay safe on weird input anyway.
        doc = { description: '', blocks: [], otherTags: [], problems: [] };
      }
      entry = { comment, doc };
      parsed.set(comment, entry);
    }
    return entry;
  };

  const allDocs = (): readonly DocComment[] => {
    all ??= sourceCode.getAllComments().filter(isDocComment).map(parse);
    return all;
  };

  const computeModuleDoc = (): { doc: DocComment | undefined; attachedToFirst: boolean } => {
    const first = sourceCode.getAllComments().find(isDocComment);
    if (!first) return { doc: undefined, attachedToFirst: false };
    const program = sourceCode.ast;
    const statement = program.body[0];
    if (!statement) return { doc: parse(first), attachedToFirst: false };
    const statementStart = statementStartOf(statement);
    if (first.range[1] > statementStart) return { doc: undefined, attachedToFirst: false };
    const doc = parse(first);
    const nextDoc = sourceCode
      .getAllComments()
      .find((c) => isDocComment(c) && c.range[0] >= first.range[1] && c.range[1] <= statementStart);
    const separated = nextDoc !== undefined || hasBlankLineBetween(text, first.range[1], statementStart);
    if (cannotOwnDoc(statement) || separated) return { doc, attachedToFirst: false };
    const moduleStyle =
      doc.doc.blocks.some((b) => b.style === 'section') || doc.doc.otherTags.some((t) => MODULE_TAGS.has(t.tag));
    return moduleStyle ? { doc, attachedToFirst: true } : { doc: undefined, attachedToFirst: false };
  };

  const moduleInfo = () => (moduleDocValue ??= computeModuleDoc());

  const statementStartOf = (node: TSESTree.Node): number => {
    const decorators: TSESTree.Decorator[] = 'decorators' in node && Array.isArray(node.decorators) ? node.decorators : [];
    const firstDecorator = decorators[0];
    return Math.min(node.range[0], firstDecorator ? firstDecorator.range[0] : node.range[0]);
  };

  /**
   * Doc comments by the start of the first token after them. A comment is among `getCommentsBefore(node)`
   * only when no token stands between it and the node, so for a node starting at a token, the doc
   * comments before it are exactly those filed under its start: most nodes have none, and skip the
   * token-store walk, the Set and the sort below.
   */
  let docsByNextToken: Map<number, TSESTree.Comment[]> | undefined;
  const mayHaveLeadingDocs = (node: TSESTree.Node): boolean => {
    if (!docsByNextToken) {
      docsByNextToken = new Map();
      for (const comment of sourceCode.getAllComments()) {
        if (!isDocComment(comment)) continue;
        const next = sourceCode.getTokenAfter(comment);
        const at = next ? next.range[0] : text.length;
        const list = docsByNextToken.get(at);
        if (list) list.push(comment);
        else docsByNextToken.set(at, [comment]);
      }
    }
    if (docsByNextToken.has(node.range[0])) return true;
    return sourceCode.getTokenByRangeStart(node.range[0]) === null;
  };

  /** Leading doc comments of one node (before it, before/after its decorators). */
  const leadingCache = new Map<TSESTree.Node, readonly DocComment[]>();
  const leadingDocs = (node: TSESTree.Node): readonly DocComment[] => {
    const hasDecorators = 'decorators' in node && Array.isArray(node.decorators) && node.decorators.length > 0;
    if (!hasDecorators && !mayHaveLeadingDocs(node)) return NO_DOCS;
    // the same wrapper (an `export`, a variable declaration) is asked for again from each node it wraps
    let docs = leadingCache.get(node);
    if (!docs) {
      docs = computeLeadingDocs(node);
      leadingCache.set(node, docs);
    }
    return docs;
  };

  const computeLeadingDocs = (node: TSESTree.Node): readonly DocComment[] => {
    const found: TSESTree.Comment[] = [...sourceCode.getCommentsBefore(node)];
    const decorators: TSESTree.Decorator[] = 'decorators' in node && Array.isArray(node.decorators) ? node.decorators : [];
    const firstDecorator = decorators[0];
    const lastDecorator = decorators[decorators.length - 1];
    if (firstDecorator && lastDecorator) {
      if (firstDecorator.range[0] !== node.range[0]) found.push(...sourceCode.getCommentsBefore(firstDecorator));
      const afterDecorators = sourceCode.getTokenAfter(lastDecorator);
      if (afterDecorators && afterDecorators.range[0] <= node.range[1]) {
        found.push(...sourceCode.getCommentsBefore(afterDecorators));
      }
    }
    const info = moduleInfo();
    const unique = [...new Set(found)].filter(isDocComment).sort((a, b) => a.range[0] - b.range[0]);
    return unique
      .filter((comment) => !(info.doc?.comment === comment && !info.attachedToFirst))
      .map(parse);
  };

  /** The wrapper above `current` that still carries its doc comment (see `attachmentChain`), or undefined. */
  const wrapperOf = (current: TSESTree.Node): TSESTree.Node | undefined => {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    let next: boolean;
    switch (parent.type) {
      case AST_NODE_TYPES.VariableDeclarator:
        next = parent.init === current;
        break;
      case AST_NODE_TYPES.VariableDeclaration:
      case AST_NODE_TYPES.ExportNamedDeclaration:
      case AST_NODE_TYPES.ExportDefaultDeclaration:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
        next = true;
        break;
      case AST_NODE_TYPES.MethodDefinition:
      case AST_NODE_TYPES.TSAbstractMethodDefinition:
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.TSAbstractPropertyDefinition:
      case AST_NODE_TYPES.AccessorProperty:
      case AST_NODE_TYPES.Property:
        next = parent.value === current;
        break;
      case AST_NODE_TYPES.AssignmentExpression:
        next = parent.right === current && parent.parent.type === AST_NODE_TYPES.ExpressionStatement;
        break;
      case AST_NODE_TYPES.ExpressionStatement:
        next = current.type === AST_NODE_TYPES.AssignmentExpression;
        break;
      default:
        next = false;
    }
    return next ? parent : undefined;
  };

  const attachmentChain = (node: TSESTree.Node): TSESTree.Node[] => {
    const chain: TSESTree.Node[] = [node];
    for (let parent = wrapperOf(node); parent; parent = wrapperOf(parent)) chain.push(parent);
    return chain;
  };

  /** Overload signatures directly above a function or method implementation (same name, contiguous). */
  const overloadSignatures = (node: TSESTree.Node, top: TSESTree.Node): TSESTree.Node[] => {
    const name = declaredName(node);
    if (name === undefined) return [];
    const container = top.parent;
    const siblings = siblingsOf(container);
    if (!siblings) return [];
    const position = siblings.indexOf(top);
    const result: TSESTree.Node[] = [];
    for (let i = position - 1; i >= 0; i -= 1) {
      const sibling = siblings[i];
      if (!sibling || !isOverloadSignature(sibling, name)) break;
      result.push(sibling);
    }
    return result;
  };

  const docsFor = (node: TSESTree.Node): readonly DocComment[] => {
    const cached = docsCache.get(node);
    if (cached) return cached;
    // the attachment chain and the overload signatures, walked without building lists: most nodes have
    // no docs anywhere on them, and share one empty result instead of keeping one each for the whole file
    let found: DocComment[] | undefined;
    let top = node;
    for (let owner: TSESTree.Node | undefined = node; owner; owner = wrapperOf(owner)) {
      top = owner;
      const docs = leadingDocs(owner);
      if (docs.length > 0) (found ??= []).push(...docs);
    }
    if (declaredName(node) !== undefined) {
      for (const owner of overloadSignatures(node, top)) {
        const docs = leadingDocs(owner);
        if (docs.length > 0) (found ??= []).push(...docs);
      }
    }
    const result = found === undefined ? NO_DOCS : [...new Set(found)].sort((a, b) => a.comment.range[0] - b.comment.range[0]);
    docsCache.set(node, result);
    return result;
  };

  const toRefs = (docs: readonly DocComment[], kind?: BlockKind): BlockRef[] =>
    docs.flatMap((doc) => doc.doc.blocks.filter((block) => kind === undefined || block.kind === kind).map((block) => ({ block, doc })));

  const blocksFor = (node: TSESTree.Node, kind?: BlockKind): readonly BlockRef[] => toRefs(docsFor(node), kind);

  const moduleDoc = (): DocComment | undefined => moduleInfo().doc;

  const moduleBlocks = (kind?: BlockKind): readonly BlockRef[] => {
    const doc = moduleDoc();
    return doc ? toRefs([doc], kind) : [];
  };

  /** Block kinds written anywhere in the file: a kind no doc comment has cannot cover anything. */
  let kinds: Set<BlockKind> | undefined;
  const kindPresent = (kind: BlockKind): boolean => {
    kinds ??= new Set(allDocs().flatMap((doc) => doc.doc.blocks.map((block) => block.kind)));
    return kinds.has(kind);
  };

  /** `blocksFor(node, kind)[0]` without building the list. */
  const firstBlockFor = (node: TSESTree.Node, kind: BlockKind): BlockRef | undefined => {
    for (const doc of docsFor(node)) for (const block of doc.doc.blocks) if (block.kind === kind) return { block, doc };
    return undefined;
  };

  /**
   * The nearest block of `kind` on `node` or an ancestor below the Program, remembered per kind for every
   * node the walk passed: the calls and functions of one body share their ancestors, so a later walk
   * stops at the first ancestor an earlier one settled. The result objects are shared and never modified.
   */
  const coveringByKind = new Map<BlockKind, Map<TSESTree.Node, CoveringBlock | null>>();
  const coveringAbove = (node: TSESTree.Node, kind: BlockKind): CoveringBlock | null => {
    let known = coveringByKind.get(kind);
    if (!known) {
      known = new Map();
      coveringByKind.set(kind, known);
    }
    const passed: TSESTree.Node[] = [];
    let found: CoveringBlock | null = null;
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      if (current.type === AST_NODE_TYPES.Program) break;
      const settled = known.get(current);
      if (settled !== undefined) {
        found = settled;
        break;
      }
      passed.push(current);
      const ref = firstBlockFor(current, kind);
      if (ref) {
        found = { ...ref, owner: current };
        break;
      }
    }
    for (const current of passed) known.set(current, found);
    return found;
  };

  const findCovering = (node: TSESTree.Node, kind: BlockKind, options?: { includeModule?: boolean }): CoveringBlock | undefined => {
    if (!kindPresent(kind)) return undefined;
    const above = coveringAbove(node, kind);
    if (above) return above;
    if (options?.includeModule === false) return undefined;
    const ref = moduleBlocks(kind)[0];
    return ref ? { ...ref, owner: sourceCode.ast } : undefined;
  };

  const reportLoc = (doc: DocComment | TSESTree.Comment, span: Span): TSESTree.SourceLocation => {
    const comment = 'doc' in doc ? doc.comment : doc;
    const base = comment.range[0];
    const clamp = (offset: number) => Math.min(Math.max(base + offset, comment.range[0]), comment.range[1]);
    const start = sourceCode.getLocFromIndex(clamp(span.start.offset));
    const end = sourceCode.getLocFromIndex(clamp(Math.max(span.end.offset, span.start.offset)));
    return { start, end };
  };

  return {
    sourceCode,
    allDocs,
    docsFor,
    blocksFor,
    moduleDoc,
    moduleBlocks,
    findCovering,
    reportLoc,
    attachmentChain,
  };
}

function declaredName(node: TSESTree.Node): string | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.TSDeclareFunction:
      return node.id?.name;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.TSAbstractMethodDefinition:
      return memberKeyName(node);
    case AST_NODE_TYPES.FunctionExpression:
      return node.parent.type === AST_NODE_TYPES.MethodDefinition ? memberKeyName(node.parent) : undefined;
    default:
      return undefined;
  }
}

function memberKeyName(node: TSESTree.MethodDefinition | TSESTree.TSAbstractMethodDefinition): string | undefined {
  if (node.computed) return undefined;
  const key = node.key;
  if (key.type === AST_NODE_TYPES.Identifier) return `${node.static ? 'static ' : ''}${key.name}`;
  if (key.type === AST_NODE_TYPES.Literal) return `${node.static ? 'static ' : ''}${String(key.value)}`;
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  return undefined;
}

function siblingsOf(container: TSESTree.Node | undefined): readonly TSESTree.Node[] | undefined {
  if (!container) return undefined;
  switch (container.type) {
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.TSModuleBlock:
    case AST_NODE_TYPES.ClassBody:
      return container.body;
    default:
      return undefined;
  }
}

function isOverloadSignature(node: TSESTree.Node, name: string): boolean {
  const inner =
    (node.type === AST_NODE_TYPES.ExportNamedDeclaration || node.type === AST_NODE_TYPES.ExportDefaultDeclaration) &&
    node.declaration
      ? node.declaration
      : node;
  if (inner.type === AST_NODE_TYPES.TSDeclareFunction) return inner.id?.name === name;
  if (
    (inner.type === AST_NODE_TYPES.MethodDefinition || inner.type === AST_NODE_TYPES.TSAbstractMethodDefinition) &&
    inner.value.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression
  ) {
    return memberKeyName(inner) === name;
  }
  return false;
}
