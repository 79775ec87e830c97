/**
 * Counterexamples printed as TypeScript literals a user can paste into a test.
 *
 * @rationale Print values as code, not as JSON or util.inspect output
 *   why: the edge cases this tool finds are exactly the values JSON cannot show (NaN, -0, undefined,
 *     Invalid Date, sparse arrays, Maps, bigint, null-prototype objects, lone surrogates); printing them
 *     as TypeScript lets the user replay the failure by copying one line.
 *   alternatives: fc.stringify (close, but prints `Object.assign(Object.create(null),…)` and long strings
 *     verbatim, and escapes no invisible characters); util.inspect (not code)
 *   tradeoffs: class instances print as their own enumerable data with a comment naming the class
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Generated promises carry their value under this key so they print as `Promise.resolve(value)`. */
export const PROMISED = Symbol.for('gen-edge-tests.promised');
const MAX_ITEMS = 50;
const LONG_STRING = 200;

/** Escape a string as a double-quoted literal; invisible, control and lone-surrogate code units become `\uXXXX`. */
export function printString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i] ?? '';
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + (text[i + 1] ?? '');
        i++;
      } else out += unicodeEscape(code);
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      out += unicodeEscape(code);
      continue;
    }
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
    }
    if (isInvisible(code)) out += unicodeEscape(code);
    else out += ch;
  }
  return out + '"';
}

function unicodeEscape(code: number): string {
  return '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
}

/** Control characters, format characters (zero-width, bidi marks/overrides, BOM) and odd spaces. */
function isInvisible(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0xa0) ||
    code === 0xad ||
    code === 0x034f ||
    code === 0x061c ||
    (code >= 0x115f && code <= 0x1160) ||
    code === 0x180e ||
    (code >= 0x2000 && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202f) ||
    (code >= 0x205f && code <= 0x206f) ||
    code === 0x3000 ||
    code === 0x3164 ||
    code === 0xfeff ||
    (code >= 0xfff0 && code <= 0xfff8)
  );
}

function printLongString(text: string): string {
  for (let unit = 1; unit <= 8; unit++) {
    if (text.length % unit !== 0) continue;
    const head = text.slice(0, unit);
    if (head.repeat(text.length / unit) === text) return `${printString(head)}.repeat(${text.length / unit})`;
  }
  return `${printString(text.slice(0, LONG_STRING))} /* … ${text.length - LONG_STRING} more UTF-16 units */`;
}

function printKey(key: string | symbol): string {
  if (typeof key === 'symbol') return `[${printSymbol(key)}]`;
  if (key === '__proto__') return '["__proto__"]';
  if (IDENTIFIER.test(key) || /^(0|[1-9]\d*)$/.test(key)) return key;
  return printString(key);
}

function printSymbol(sym: symbol): string {
  const key = Symbol.keyFor(sym);
  if (key !== undefined) return `Symbol.for(${printString(key)})`;
  return sym.description === undefined ? 'Symbol()' : `Symbol(${printString(sym.description)})`;
}

export function printNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (Object.is(n, -0)) return '-0';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

const TYPED_ARRAY_NAMES = new Set([
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
]);

function tag(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

/**
 * Print a value as a TypeScript expression: `NaN`, `-0`, `undefined`, `10n`, `new Date(NaN)`,
 * `[1, , 3]` (holes kept), `new Map([["a", 1]])`, `Object.assign(Object.create(null), { … })`,
 * `"\uD800"` (lone surrogates and invisible characters escaped), `"a".repeat(10000)`.
 */
export function printValue(value: unknown, indent = ''): string {
  return print(value, indent, new Set());
}

function print(value: unknown, indent: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return value.length > LONG_STRING ? printLongString(value) : printString(value);
    case 'number':
      return printNumber(value);
    case 'bigint':
      return `${value.toString()}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return printSymbol(value);
    case 'function':
      return `/* function ${value.name || '(anonymous)'} */ undefined as never`;
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (seen.has(obj)) return '/* circular reference */ undefined as never';
  seen.add(obj);
  try {
    return printObject(obj, indent, seen);
  } finally {
    seen.delete(obj);
  }
}

function layout(open: string, items: string[], close: string, indent: string): string {
  if (items.length === 0) return open + close;
  const inline = `${open}${open.endsWith('{') ? ' ' : ''}${items.join(', ')}${open.endsWith('{') ? ' ' : ''}${close}`;
  if (inline.length <= 100 && !inline.includes('\n')) return inline;
  const inner = indent + '  ';
  return `${open}\n${items.map((item) => inner + item).join(',\n')},\n${indent}${close}`;
}

function printObject(obj: object, indent: string, seen: Set<object>): string {
  const inner = indent + '  ';
  const kind = tag(obj);
  if (kind === 'Date') {
    const time = (obj as Date).getTime();
    return Number.isNaN(time) ? 'new Date(NaN)' : `new Date(${printString((obj as Date).toISOString())})`;
  }
  if (Array.isArray(obj)) return printArray(obj as unknown[], indent, seen);
  if (kind === 'Map') {
    const entries = [...(obj as Map<unknown, unknown>)].slice(0, MAX_ITEMS).map(
      ([k, v]) => `[${print(k, inner, seen)}, ${print(v, inner, seen)}]`,
    );
    const more = (obj as Map<unknown, unknown>).size - entries.length;
    if (more > 0) entries.push(`/* … ${more} more entries */`);
    return entries.length === 0 ? 'new Map()' : `new Map(${layout('[', entries, ']', indent)})`;
  }
  if (kind === 'Set') {
    const items = [...(obj as Set<unknown>)].slice(0, MAX_ITEMS).map((v) => print(v, inner, seen));
    const more = (obj as Set<unknown>).size - items.length;
    if (more > 0) items.push(`/* … ${more} more values */`);
    return items.length === 0 ? 'new Set()' : `new Set(${layout('[', items, ']', indent)})`;
  }
  if (TYPED_ARRAY_NAMES.has(kind)) {
    const items = Array.from(obj as ArrayLike<number | bigint>).map((v) => print(v, inner, seen));
    return `new ${kind}(${layout('[', items, ']', indent)})`;
  }
  if (kind === 'Promise') {
    const desc = Object.getOwnPropertyDescriptor(obj, PROMISED);
    return desc === undefined ? '/* a pending or unknown Promise */ new Promise<never>(() => {})' : `Promise.resolve(${print(desc.value, indent, seen)})`;
  }
  if (kind === 'RegExp') return `/${(obj as RegExp).source}/${(obj as RegExp).flags}`;
  if (kind === 'String' || kind === 'Number' || kind === 'Boolean') {
    return `new ${kind}(${print((obj as { valueOf(): unknown }).valueOf(), indent, seen)})`;
  }
  if (kind === 'BigInt' || kind === 'Symbol') return `Object(${print((obj as { valueOf(): unknown }).valueOf(), indent, seen)})`;
  if (obj instanceof Error || kind === 'Error') {
    const err = obj as Error;
    return `new ${IDENTIFIER.test(err.name) ? err.name : 'Error'}(${printString(String(err.message))})`;
  }
  const keys: (string | symbol)[] = Reflect.ownKeys(obj).filter(
    (k) => Object.getOwnPropertyDescriptor(obj, k)?.enumerable === true,
  );
  const items = keys.slice(0, MAX_ITEMS).map((k) => {
    const desc = Object.getOwnPropertyDescriptor(obj, k);
    const text = desc && 'value' in desc ? print(desc.value, inner, seen) : '/* getter */ undefined';
    return `${printKey(k)}: ${text}`;
  });
  if (keys.length > MAX_ITEMS) items.push(`/* … ${keys.length - MAX_ITEMS} more keys */`);
  const body = layout('{', items, '}', indent);
  const proto: unknown = Object.getPrototypeOf(obj);
  if (proto === null) return items.length === 0 ? 'Object.create(null)' : `Object.assign(Object.create(null), ${body})`;
  if (proto !== Object.prototype) {
    const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
    const name = typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'anonymous class';
    return `/* instance of ${name} */ ${body}`;
  }
  return body;
}

function printArray(arr: unknown[], indent: string, seen: Set<object>): string {
  const inner = indent + '  ';
  const shown = Math.min(arr.length, MAX_ITEMS);
  const holesOnly = arr.length > 0 && Object.keys(arr).length === 0;
  if (holesOnly && arr.length > 3) return `new Array(${arr.length})`;
  const parts: string[] = [];
  for (let i = 0; i < shown; i++) parts.push(i in arr ? print(arr[i], inner, seen) : '');
  const trailingHole = shown > 0 && !(shown - 1 in arr) && shown === arr.length;
  if (arr.length > shown) parts.push(`/* … ${arr.length - shown} more elements */`);
  const hasHoles = parts.some((p) => p === '');
  if (hasHoles) {
    // holes must stay on one line so `[1, , 3]` keeps its length
    return `[${parts.join(', ')}${trailingHole ? ',' : ''}]`;
  }
  return layout('[', parts, ']', indent);
}
