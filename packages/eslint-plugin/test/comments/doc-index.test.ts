import * as parser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { getDocIndex, isDocComment } from '../../src/comments/doc-index';
import type { DocIndex } from '../../src/comments/doc-index';

interface Captured {
  index: DocIndex;
  again: DocIndex;
  sourceCode: Readonly<TSESLint.SourceCode>;
  ast: TSESTree.Program;
}

/** Lints `code` with a probe rule and hands its doc index to `inspect` (inside the rule, while the AST is live). */
function withIndex(code: string, inspect: (captured: Captured) => void, filename = 'file.ts'): void {
  let ran = false;
  const probe = {
    create(context: Readonly<TSESLint.RuleContext<string, []>>) {
      return {
        Program(ast: TSESTree.Program) {
          inspect({ index: getDocIndex(context), again: getDocIndex(context), sourceCode: context.sourceCode, ast });
          ran = true;
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: { parser, parserOptions: { ecmaFeatures: { jsx: filename.endsWith('.tsx') } } },
        plugins: { probe: { rules: { probe: probe as never } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    filename,
  );
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  expect(ran).toBe(true);
}

/** Every node of a type (depth-first) whose name is `name`, when given. */
function findAll<T extends TSESTree.Node>(ast: TSESTree.Node, type: AST_NODE_TYPES, name?: string): T[] {
  const found: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    const id = (node as { id?: TSESTree.Node | null; key?: TSESTree.Node }).id ?? (node as { key?: TSESTree.Node }).key;
    if (node.type === type && (name === undefined || (id?.type === AST_NODE_TYPES.Identifier && id.name === name))) found.push(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      const children: unknown[] = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') visit(child as TSESTree.Node);
      }
    }
  };
  visit(ast);
  return found as T[];
}

/** The first node of a type (depth-first) whose name is `name`, when given. */
function find<T extends TSESTree.Node>(ast: TSESTree.Node, type: AST_NODE_TYPES, name?: string): T {
  const [first] = findAll<T>(ast, type, name);
  if (!first) throw new Error(`no ${type} ${name ?? ''}`);
  return first;
}

const RATIONALE = `/**
 * @rationale Store money as INTEGER cents, not REAL
 *   why: SQLite REAL is binary floating point; summing a million rows drifts by whole cents.
 */`;

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

describe('getDocIndex', () => {
  it('returns one index per SourceCode and parses each comment once', () => {
    withIndex(`${RATIONALE}\nexport function f() {}`, ({ index, again, ast }) => {
      expect(again).toBe(index);
      const fn = find(ast, AST_NODE_TYPES.FunctionDeclaration, 'f');
      expect(index.blocksFor(fn)[0]?.doc).toBe(index.allDocs()[0]);
      expect(index.allDocs()).toBe(index.allDocs());
    });
  });

  it('allDocs: only /** */ comments, in source order; /* */, // and /*** banners are not doc comments', () => {
    withIndex('/* a */\n// b\n/*** banner ***/\n/** one */\nconst x = 1;\n/** two */\nexport { x };', ({ index }) => {
      expect(index.allDocs().map((d) => d.doc.description.trim())).toEqual(['one', 'two']);
    });
  });

  it('empty comment: parsed, no blocks', () => {
    withIndex('/** */\nexport function f() {}', ({ index, ast }) => {
      expect(index.allDocs()).toHaveLength(1);
      expect(index.blocksFor(find(ast, AST_NODE_TYPES.FunctionDeclaration, 'f'))).toEqual([]);
    });
  });

  it('blocksFor: export statement, variable declaration, export default', () => {
    withIndex(`${RATIONALE}\nexport const run = async () => 1;\n${RATIONALE}\nexport default function () {}`, ({ index, ast }) => {
      const arrow = find(ast, AST_NODE_TYPES.ArrowFunctionExpression);
      expect(index.blocksFor(arrow, 'rationale')).toHaveLength(1);
      const declarator = find(ast, AST_NODE_TYPES.VariableDeclarator, 'run');
      expect(index.blocksFor(declarator, 'rationale')).toHaveLength(1);
      const fn = find<TSESTree.FunctionDeclaration>(ast, AST_NODE_TYPES.FunctionDeclaration);
      expect(index.blocksFor(fn, 'rationale')).toHaveLength(1);
      expect(index.attachmentChain(arrow).map((n) => n.type)).toEqual([
        AST_NODE_TYPES.ArrowFunctionExpression,
        AST_NODE_TYPES.VariableDeclarator,
        AST_NODE_TYPES.VariableDeclaration,
        AST_NODE_TYPES.ExportNamedDeclaration,
      ]);
    });
  });

  it('blocksFor: a comment on the wrong node (the previous statement) is not the next one’s', () => {
    withIndex(`const a = 1;\n${RATIONALE}\nconst b = 2;\nexport function f() { return a + b; }`, ({ index, ast }) => {
      expect(index.blocksFor(find(ast, AST_NODE_TYPES.FunctionDeclaration, 'f'))).toEqual([]);
      expect(index.blocksFor(find(ast, AST_NODE_TYPES.VariableDeclarator, 'b'), 'rationale')).toHaveLength(1);
    });
  });

  it('blocksFor: overload signatures carry the implementation’s block', () => {
    withIndex(`${RATIONALE}\nexport function f(x: string): string;\nexport function f(x: number): string;\nexport function f(x: unknown) { return String(x); }`, ({ index, ast }) => {
      const impl = find<TSESTree.FunctionDeclaration>(ast, AST_NODE_TYPES.FunctionDeclaration, 'f');
      expect(index.blocksFor(impl, 'rationale')).toHaveLength(1);
    });
  });

  it('blocksFor: method overloads in a class body', () => {
    withIndex(`export class A {\n  ${RATIONALE.replace(/\n/g, '\n  ')}\n  m(x: string): void;\n  m(x: number): void;\n  m(x: unknown) {}\n}`, ({ index, ast }) => {
      const methods = ast.body[0]?.type === AST_NODE_TYPES.ExportNamedDeclaration && ast.body[0].declaration?.type === AST_NODE_TYPES.ClassDeclaration ? ast.body[0].declaration.body.body : [];
      const impl = methods[2];
      expect(impl?.type).toBe(AST_NODE_TYPES.MethodDefinition);
      if (impl?.type !== AST_NODE_TYPES.MethodDefinition) return;
      expect(index.blocksFor(impl.value, 'rationale')).toHaveLength(1);
    });
  });

  it('blocksFor: decorators — a comment above or below the decorators counts', () => {
    withIndex(`declare function D(): ClassDecorator;\n${RATIONALE}\n@D()\nexport class Above {}\n@D()\n${RATIONALE}\nclass Below {}\nexport { Below };`, ({ index, ast }) => {
      expect(index.blocksFor(find(ast, AST_NODE_TYPES.ClassDeclaration, 'Above'), 'rationale')).toHaveLength(1);
      expect(index.blocksFor(find(ast, AST_NODE_TYPES.ClassDeclaration, 'Below'), 'rationale')).toHaveLength(1);
    });
  });

  it('blocksFor: class members and object-literal properties', () => {
    withIndex(`export class A {\n  ${RATIONALE.replace(/\n/g, '\n  ')}\n  run = () => 1;\n}\nexport const o = {\n  ${RATIONALE.replace(/\n/g, '\n  ')}\n  step() { return 1; },\n};`, ({ index, ast }) => {
      const arrows = find(ast, AST_NODE_TYPES.ArrowFunctionExpression);
      expect(index.blocksFor(arrows, 'rationale')).toHaveLength(1);
      const property = find<TSESTree.Property>(ast, AST_NODE_TYPES.Property, 'step');
      expect(index.blocksFor(property.value, 'rationale')).toHaveLength(1);
    });
  });

  describe('moduleDoc', () => {
    it('the seed-style Customer Data Aggregation block is module level (before imports)', () => {
      withIndex(`${SEED}\nimport { x } from './x';\nexport const y = x;`, ({ index }) => {
        expect(index.moduleBlocks('rationale').length).toBeGreaterThanOrEqual(2);
        expect(index.moduleBlocks('lineage')).toHaveLength(1);
      });
    });
    it('the seed-style block directly on a declaration is module level and the declaration’s', () => {
      withIndex(`${SEED}\nexport class CustomerPipeline {}`, ({ index, ast }) => {
        expect(index.moduleBlocks('lineage')).toHaveLength(1);
        expect(index.blocksFor(find(ast, AST_NODE_TYPES.ClassDeclaration, 'CustomerPipeline'), 'lineage')).toHaveLength(1);
      });
    });
    it('a blank line makes the first comment module level only', () => {
      withIndex(`${RATIONALE}\n\nexport function f() {}`, ({ index, ast }) => {
        expect(index.moduleBlocks('rationale')).toHaveLength(1);
        expect(index.blocksFor(find(ast, AST_NODE_TYPES.FunctionDeclaration, 'f'))).toEqual([]);
      });
    });
    it('a tag-style comment directly on the first declaration is not module level', () => {
      withIndex(`${RATIONALE}\nexport function f() {}\nexport function g() {}`, ({ index, ast }) => {
        expect(index.moduleDoc()).toBeUndefined();
        expect(index.findCovering(find(ast, AST_NODE_TYPES.FunctionDeclaration, 'g'), 'rationale')).toBeUndefined();
      });
    });
    it('@packageDocumentation makes it module level', () => {
      withIndex(`/**\n * Orders.\n * @packageDocumentation\n */\nexport function f() {}`, ({ index }) => {
        expect(index.moduleDoc()).toBeDefined();
      });
    });
    it('a file with only a comment', () => {
      withIndex(RATIONALE, ({ index }) => {
        expect(index.moduleBlocks('rationale')).toHaveLength(1);
      });
    });
    it('a comment after the first statement is never module level', () => {
      withIndex(`const a = 1;\n\n${RATIONALE}\nexport { a };`, ({ index }) => {
        expect(index.moduleDoc()).toBeUndefined();
      });
    });
  });

  it('findCovering walks function → class → module and reports the owner', () => {
    withIndex(
      `${RATIONALE}\n\nexport class A {\n  /**\n   * @lineage a_run\n   *   in: file x.csv\n   */\n  run() { return [1].map((x) => x); }\n}`,
      ({ index, ast }) => {
        const inner = find(ast, AST_NODE_TYPES.ArrowFunctionExpression);
        const lineage = index.findCovering(inner, 'lineage');
        expect(lineage?.owner.type).toBe(AST_NODE_TYPES.FunctionExpression);
        expect(lineage?.block.head).toBe('a_run');
        const rationale = index.findCovering(inner, 'rationale');
        expect(rationale?.owner.type).toBe(AST_NODE_TYPES.Program);
        expect(index.findCovering(inner, 'rationale', { includeModule: false })).toBeUndefined();
        expect(index.findCovering(inner, 'rateLimit')).toBeUndefined();
      },
    );
  });

  it('leading docs (filed by the next token): other comments between the doc and the node do not hide it, a token does', () => {
    withIndex(
      `const a = 1;\n${RATIONALE}\n// a line comment\n/* a block comment */\nexport function f() { return a; }\n${RATIONALE}\n;\nexport function g() { return a; }\nexport const h = (${RATIONALE} (x: number) => x);`,
      ({ index, ast }) => {
        expect(index.blocksFor(find(ast, AST_NODE_TYPES.FunctionDeclaration, 'f'), 'rationale')).toHaveLength(1);
        expect(index.blocksFor(find(ast, AST_NODE_TYPES.FunctionDeclaration, 'g'), 'rationale')).toHaveLength(0);
        // inside parentheses: the comment stands before the arrow's first token, not before the declarator
        expect(index.blocksFor(find(ast, AST_NODE_TYPES.ArrowFunctionExpression), 'rationale')).toHaveLength(1);
      },
    );
  });

  it('leading docs: every doc comment ESLint puts before a node is one of that node’s docs', () => {
    const code = `${SEED}\nimport x from 'x';\n${RATIONALE}\n@D() /** after */ class A {\n  ${RATIONALE}\n  @D() m(/** p */ a: number) { return [a].map(/** cb */ (v) => v); }\n}\nexport default /** d */ function () {}\nconst o = { /** k */ k: 1, ...{ /** s */ s: 2 } };\ntype T = /** t */ { /** f */ f: string };\nexport { A, o, x };`;
    withIndex(code, ({ index, ast, sourceCode }) => {
      const moduleDoc = index.moduleDoc()?.comment;
      let checked = 0;
      const visit = (node: TSESTree.Node): void => {
        const before = sourceCode.getCommentsBefore(node).filter((c) => isDocComment(c) && c !== moduleDoc);
        const docs = index.docsFor(node).map((d) => d.comment);
        for (const comment of before) {
          expect(docs, `${node.type} at ${node.range[0]}`).toContain(comment);
          checked++;
        }
        for (const [key, value] of Object.entries(node)) {
          if (key === 'parent') continue;
          for (const child of Array.isArray(value) ? value : [value]) {
            if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') visit(child as TSESTree.Node);
          }
        }
      };
      for (const statement of ast.body) visit(statement);
      expect(checked).toBeGreaterThanOrEqual(10);
    });
  });

  it('findCovering: a kind no doc comment of the file has is answered without walking, present kinds still are found', () => {
    withIndex(`${RATIONALE}\nexport function f() { return [1].map((x) => x); }`, ({ index, ast }) => {
      const inner = find(ast, AST_NODE_TYPES.ArrowFunctionExpression);
      expect(index.findCovering(inner, 'lineage')).toBeUndefined();
      expect(index.findCovering(inner, 'rationale')?.owner.type).toBe(AST_NODE_TYPES.FunctionDeclaration);
      expect(index.findCovering(inner, 'rationale', { includeModule: false })?.owner.type).toBe(AST_NODE_TYPES.FunctionDeclaration);
    });
  });

  it('findCovering remembers what each walk settled, in either order: an inner block wins inside, the outer one outside', () => {
    const code = `/**\n * @lineage outer\n *   in: file a.csv\n */\nexport function outer() {\n  const a = [1].map((x) => x);\n  /**\n   * @lineage inner\n   *   in: file b.csv\n   */\n  function inner() { return [2].map((y) => y); }\n  return [a, inner()];\n}`;
    for (const order of [[0, 1], [1, 0]]) {
      withIndex(code, ({ index, ast }) => {
        const list = findAll(ast, AST_NODE_TYPES.ArrowFunctionExpression);
        const heads = order.map((i) => [i, index.findCovering(list[i] as TSESTree.Node, 'lineage')?.block.head] as const);
        expect(Object.fromEntries(heads)).toEqual({ 0: 'outer', 1: 'inner' });
        // asked again (now from what the first walks settled): the same answers, the same objects
        expect(index.findCovering(list[0] as TSESTree.Node, 'lineage')?.owner.type).toBe(AST_NODE_TYPES.FunctionDeclaration);
        expect(index.findCovering(list[1] as TSESTree.Node, 'lineage')).toBe(index.findCovering(list[1] as TSESTree.Node, 'lineage'));
        // another kind is settled separately
        expect(index.findCovering(list[1] as TSESTree.Node, 'rationale')).toBeUndefined();
      });
    }
  });

  it('reportLoc: CRLF, tabs and unicode map to exact file positions', () => {
    const code = 'export const pré = "🚀";\r\n\t/**\r\n\t * Ünïcode ☕\r\n\t * @rateLimit api\r\n\t *   timeout: soon\r\n\t */\r\n\texport function f() {}\r\n';
    withIndex(code, ({ index, sourceCode }) => {
      const doc = index.allDocs()[0];
      if (!doc) throw new Error('no doc');
      const field = doc.doc.blocks[0]?.fields[0];
      if (!field) throw new Error('no field');
      const loc = index.reportLoc(doc, field.valueLoc);
      expect(loc.start).toEqual({ line: 5, column: 15 });
      expect(sourceCode.text.slice(sourceCode.getIndexFromLoc(loc.start), sourceCode.getIndexFromLoc(loc.end))).toBe('soon');
    });
  });

  it('JSX/TSX file', () => {
    withIndex(`${RATIONALE}\nexport const App = () => <div>ok</div>;`, ({ index, ast }) => {
      expect(index.blocksFor(find(ast, AST_NODE_TYPES.ArrowFunctionExpression), 'rationale')).toHaveLength(1);
    }, 'app.tsx');
  });

  it('a 5,000-line file: index built and queried', () => {
    const parts: string[] = [];
    for (let i = 0; i < 1000; i += 1) {
      parts.push(`/**\n * @lineage job_${i}\n *   in: file data/${i}.csv\n */\nexport function f${i}() { return ${i}; }`);
    }
    const code = parts.join('\n');
    expect(code.split('\n')).toHaveLength(5000);
    withIndex(code, ({ index, ast }) => {
      let covered = 0;
      for (const statement of ast.body) {
        if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration && index.findCovering(statement.declaration, 'lineage')) covered += 1;
      }
      expect(covered).toBe(1000);
      expect(index.allDocs()).toHaveLength(1000);
    });
  }, 60_000);
});
