/**
 * Prints a `TypeModel` as readable builder calls of the runtime's `t` namespace
 * (`t.object({ id: t.string(), amount: t.number() }, { name: 'Order' })`).
 *
 * @rationale The emitted arbitrary is the type model spelled as builder calls, not fast-check code
 *   why: the runtime turns one model into valid values, malformed variants and a conformance check,
 *     so the generated file only has to state the type once, in a form a reviewer can compare with
 *     the TypeScript declaration it came from.
 *   alternatives: print fast-check combinators per type (three separate programs per type, hard to
 *     read); print the raw model JSON (correct but every node spells `kind`)
 *   tradeoffs: this printer and `runtime/builders.ts` must agree; the tests round-trip printed code
 *     through the real builders to keep them in step
 */
import type { ModelDefinitions, TypeModel } from '../runtime/model';

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A JavaScript string literal in single quotes, with every unusual character escaped. */
export function quote(s: string): string {
  let out = "'";
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}'`;
}

/** An object-literal key; `__proto__` must be computed or it would set the prototype. */
export function propertyKey(name: string): string {
  if (name === '__proto__') return "['__proto__']";
  return IDENT.test(name) ? name : quote(name);
}

function num(n: number): string {
  if (Object.is(n, -0)) return '-0';
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

function literalValue(v: string | number | boolean): string {
  return typeof v === 'string' ? quote(v) : typeof v === 'number' ? num(v) : String(v);
}

/** A printed piece: either short enough to stay on one line, or split into lines. */
interface Doc {
  head: string;
  items: Doc[];
  tail: string;
  /** text used when it fits on one line */
  flat: string;
  open: string;
  close: string;
}

function leaf(s: string): Doc {
  return { head: s, items: [], tail: '', flat: s, open: '', close: '' };
}

/** `head(open item, item close tail)` laid out flat or one item per line. */
function group(head: string, open: string, items: Doc[], close: string, tail: string): Doc {
  const inner = items.map((i) => i.flat).join(', ');
  const flat = open === '{' && items.length > 0 ? `${head}{ ${inner} }${tail}` : `${head}${open}${inner}${close}${tail}`;
  return { head, items, tail, flat, open, close };
}

/** `name(arg, arg)`, one argument per line when too long. */
function call(name: string, args: Doc[]): Doc {
  return group(name, '(', args, ')', '');
}

const WIDTH = 100;

function render(doc: Doc, indent: string, used: number): string {
  if (doc.items.length === 0 && doc.open === '') return doc.flat;
  if (used + doc.flat.length <= WIDTH || doc.items.length === 0) return doc.flat;
  const inner = `${indent}  `;
  const lines = doc.items.map((i) => `${inner}${render(i, inner, inner.length)},`);
  return `${doc.head}${doc.open}\n${lines.join('\n')}\n${indent}${doc.close}${doc.tail}`;
}

function toDoc(m: TypeModel): Doc {
  switch (m.kind) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'null':
    case 'undefined':
    case 'void':
    case 'unknown':
    case 'any':
    case 'never':
    case 'date':
      return leaf(`t.${m.kind}()`);
    case 'literal':
      return leaf(m.bigint ? `t.literal(${String(m.value)}n)` : `t.literal(${literalValue(m.value)})`);
    case 'templateLiteral':
      return group('t.templateLiteral(', '[', m.parts.map((p) => (typeof p === 'string' ? leaf(quote(p)) : toDoc(p))), ']', ')');
    case 'union':
      return group('t.union(', '[', m.members.map(toDoc), ']', m.discriminant !== undefined ? `, { discriminant: ${quote(m.discriminant)} })` : ')');
    case 'intersection':
      return group('t.intersection(', '[', m.members.map(toDoc), ']', ')');
    case 'object': {
      const opts: string[] = [];
      if (m.name !== undefined) opts.push(`name: ${quote(m.name)}`);
      if (m.index) opts.push(`index: { key: ${quote(m.index.key)}, value: ${render(toDoc(m.index.value), '', 0)} }`);
      if (m.properties.length === 0 && m.index) {
        const o = [`key: ${quote(m.index.key)}`];
        if (m.name !== undefined) o.push(`name: ${quote(m.name)}`);
        const valueDoc = toDoc(m.index.value);
        return call('t.record', [valueDoc, ...(m.index.key === 'string' && m.name === undefined ? [] : [leaf(`{ ${o.join(', ')} }`)])]);
      }
      const props = m.properties.map((p) => {
        const typeDoc = toDoc(p.type);
        const key = `${propertyKey(p.name)}: `;
        if (!p.optional && !p.readonly) return { ...typeDoc, head: key + typeDoc.head, flat: key + typeDoc.flat };
        const mods = [p.optional ? 'optional: true' : '', p.readonly ? 'readonly: true' : ''].filter(Boolean).join(', ');
        return call(`${key}t.prop`, [typeDoc, leaf(`{ ${mods} }`)]);
      });
      return group('t.object(', '{', props, '}', opts.length > 0 ? `, { ${opts.join(', ')} })` : ')');
    }
    case 'array':
      return call('t.array', [toDoc(m.element), ...(m.readonly ? [leaf('{ readonly: true }')] : [])]);
    case 'tuple': {
      const els = m.elements.map((e) => {
        const d = toDoc(e.type);
        if (!e.optional && !e.rest) return d;
        const mods = [e.optional ? 'optional: true' : '', e.rest ? 'rest: true' : ''].filter(Boolean).join(', ');
        return call('t.element', [d, leaf(`{ ${mods} }`)]);
      });
      return group('t.tuple(', '[', els, ']', m.readonly ? ', { readonly: true })' : ')');
    }
    case 'map':
      return call('t.map', [toDoc(m.key), toDoc(m.value)]);
    case 'set':
      return call('t.set', [toDoc(m.element)]);
    case 'enum':
      return group(
        `t.enum(${quote(m.name)}, `,
        '{',
        m.members.map((mem) => leaf(`${propertyKey(mem.name)}: ${literalValue(mem.value)}`)),
        '}',
        ')',
      );
    case 'brand':
      return call('t.brand', [toDoc(m.base), leaf(quote(m.brand))]);
    case 'ref':
      return leaf(`t.ref(${quote(m.name)})`);
    case 'promise':
      return call('t.promise', [toDoc(m.inner)]);
    case 'unsupported':
      return leaf(`t.unsupported(${quote(m.reason)}, ${quote(m.text)})`);
  }
}

/** Print a model as builder code; `indent` is the indentation of the line it starts on. */
export function printModel(model: TypeModel, indent = '', used = indent.length): string {
  return render(toDoc(model), indent, used);
}

/** Print named definitions as `t.defs({ Name: …, })` (names sorted). */
export function printDefs(defs: ModelDefinitions, indent = ''): string {
  const names = Object.keys(defs).sort();
  if (names.length === 0) return 't.defs({})';
  const inner = `${indent}  `;
  const lines = names.map((n) => {
    const key = `${propertyKey(n)}: `;
    const def = defs[n];
    return `${inner}${key}${def ? printModel(def, inner, inner.length + key.length) : 't.unknown()'},`;
  });
  return `t.defs({\n${lines.join('\n')}\n${indent}})`;
}
