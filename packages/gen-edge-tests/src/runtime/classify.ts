/**
 * Crash classifier: is a thrown error an engine crash or an error the user's code throws on purpose?
 *
 * @rationale Classify by error name plus the engine's own message patterns
 *   why: "Cannot read properties of undefined" is a bug on every input; `throw new ValidationError('…')`
 *     is the function doing its job on malformed input. The engine's messages are stable V8 texts, so a
 *     list of them separates the two without instrumenting user code.
 *   alternatives: any TypeError/RangeError is a crash (punishes `throw new TypeError('amount must be a
 *     number')`); inspect the stack for the throwing frame (native frames are not reliably visible)
 *   tradeoffs: a user error that copies an engine message word for word is taken for a crash
 *
 * Rules, in order:
 * 1. our own `HangError` → `hang`;
 * 2. an error whose `name` is in `expectedErrors` (from `@throws {Name}` and deliberate
 *    `throw new Name(` in the function body) → `declared`, even when the engine threw it;
 * 3. a built-in error (TypeError, RangeError, ReferenceError, SyntaxError, URIError, EvalError) whose
 *    message matches an engine pattern below, or a Node.js error with an `ERR_*` code → `crash`;
 * 4. anything else (a custom error class, a built-in error with the user's own message, a thrown
 *    string or object) → `own`.
 * Valid-input properties accept `declared` only; strict malformed properties accept `declared` and
 * `own`; lenient malformed properties accept every thrown error (but never a hang).
 */

export type ErrorKind = 'crash' | 'declared' | 'own' | 'hang';

export interface Classification {
  kind: ErrorKind;
  /** `TypeError`, `ValidationError`, `string` for a thrown string */
  name: string;
  message: string;
  /** which rule decided, e.g. `engine: property access on undefined/null` */
  reason: string;
}

export const ENGINE_ERROR_NAMES: ReadonlySet<string> = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'URIError', 'EvalError', 'InternalError']);

/** V8 (and a few SpiderMonkey/JSC) messages for errors the engine throws, with a readable label. */
export const ENGINE_PATTERNS: readonly { pattern: RegExp; label: string }[] = [
  { pattern: /^Cannot (read|set) propert(y|ies) of (undefined|null)/, label: 'property access on undefined/null' },
  { pattern: /^Cannot destructure /, label: 'destructuring undefined/null' },
  { pattern: /(undefined|null) is not an object/, label: 'property access on undefined/null' },
  { pattern: /is not a function\b/, label: 'call of a non-function' },
  { pattern: /is not a constructor\b/, label: 'new on a non-constructor' },
  { pattern: /is not iterable\b|is not async iterable\b|Spread syntax requires/, label: 'iteration of a non-iterable' },
  { pattern: /^Reduce of empty array with no initial value$/, label: 'reduce on an empty array' },
  { pattern: /^Invalid time value$/, label: 'Invalid Date formatted (toISOString / Intl)' },
  { pattern: /^Maximum call stack size exceeded$|^too much recursion$/, label: 'unbounded recursion' },
  { pattern: /^Cannot convert .* to a BigInt$|^Cannot mix BigInt and other types|^Cannot convert a BigInt value to a number$|^Do not know how to serialize a BigInt$|cannot be converted to a BigInt because/, label: 'BigInt conversion' },
  { pattern: /^Invalid array length$|^Invalid typed array length|^Array buffer allocation failed$/, label: 'invalid array length' },
  { pattern: /^Invalid string length$/, label: 'string too long' },
  { pattern: /^Invalid count value|^Invalid code point|^Invalid normalization form/, label: 'invalid argument to a string method' },
  { pattern: /argument must be between \d+ and \d+$|digits argument must be between/, label: 'number formatting argument out of range' },
  { pattern: /^Cannot convert undefined or null to object$|called on null or undefined$|called on non-object$/, label: 'object operation on undefined/null' },
  { pattern: /^Cannot convert object to primitive value$|^Cannot convert a Symbol value to a (string|number)$/, label: 'primitive conversion of an object/symbol' },
  { pattern: /^Converting circular structure to JSON/, label: 'JSON.stringify of a cycle' },
  { pattern: /is not valid JSON$|^Unexpected (token|end of JSON input|non-whitespace character)|JSON\.parse|in JSON at position/, label: 'JSON.parse of invalid text' },
  { pattern: /^Cannot create property '.*' on (string|number|boolean|bigint|symbol)/, label: 'property write on a primitive' },
  { pattern: /^Cannot assign to read only property|^Cannot add property .*, object is not extensible|^Cannot redefine property|^Cannot delete property/, label: 'write to a frozen/read-only value' },
  { pattern: /^Cannot use 'in' operator to search for|^Right-hand side of 'instanceof' is not/, label: 'in/instanceof on a non-object' },
  { pattern: /is not defined$|^Cannot access '.*' before initialization$/, label: 'reference error' },
  { pattern: /^Invalid regular expression|^Invalid flags supplied to RegExp/, label: 'invalid regular expression built from data' },
  { pattern: /^URI malformed$|^malformed URI sequence$/, label: 'URI decoding of malformed text' },
  { pattern: /^Invalid (language tag|currency code|time zone specified|unit argument|option)|^Incorrect locale information provided$|^Unsupported time zone/, label: 'Intl argument from data' },
  { pattern: /^Class constructor .* cannot be invoked without 'new'$/, label: 'class called as a function' },
  { pattern: /^Division by zero$/, label: 'BigInt division by zero' },
];

export class HangError extends Error {
  override name = 'HangError';
}

function describeThrown(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; message?: unknown };
    if (typeof e.name === 'string' && typeof e.message === 'string') return { name: e.name, message: e.message };
    return { name: 'object', message: Object.prototype.toString.call(error) };
  }
  return { name: typeof error, message: String(error) };
}

export function classifyError(error: unknown, expectedErrors: readonly string[] = []): Classification {
  const { name, message } = describeThrown(error);
  if (error instanceof HangError) return { kind: 'hang', name, message, reason: 'did not finish within the timeout' };
  if (expectedErrors.includes(name)) return { kind: 'declared', name, message, reason: `declared: ${name} is listed as expected (@throws or a deliberate throw)` };
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && code.startsWith('ERR_')) {
    return { kind: 'crash', name, message, reason: `engine: Node.js error ${code}` };
  }
  if (ENGINE_ERROR_NAMES.has(name)) {
    const hit = ENGINE_PATTERNS.find((p) => p.pattern.test(message));
    if (hit !== undefined) return { kind: 'crash', name, message, reason: `engine: ${hit.label}` };
  }
  return { kind: 'own', name, message, reason: `own: ${name} with a message the engine does not produce` };
}
