/**
 * A value computed once per linted file and shared by every rule that asks for it.
 *
 * @rationale One WeakMap per cached thing, keyed by the file's SourceCode
 *   why: ESLint makes one SourceCode per file and passes the same object to every rule, so it is the key
 *     that lets the detectors (scan list, doc index, dataset and schema finders, external-call
 *     detectors, type caches) do their work once per file however many rules ask. A WeakMap lets the
 *     value go with the file: nothing outlives the SourceCode, so a long `eslint --cache` or editor
 *     session does not grow.
 *   alternatives: a cache on the rule context (one per rule and file, so every rule redoes the work);
 *     the "last file" in a module variable (wrong when ESLint interleaves files, as the language
 *     server and multithreaded linting may)
 *   tradeoffs: the key is the SourceCode object, so a value must depend only on the file, never on a
 *     rule's options (those that do keep a Map by options inside the per-file value)
 */

/**
 * Returns `get(sourceCode)`, which calls `make(sourceCode)` on the first ask for a file and then returns the
 * same value. `make` must not return `undefined` (that reads as "not made yet", so it would run again).
 */
export function perFile<S extends object, T>(make: (sourceCode: S) => T): (sourceCode: S) => T {
  const values = new WeakMap<S, T>();
  return (sourceCode) => {
    let value = values.get(sourceCode);
    if (value === undefined) {
      value = make(sourceCode);
      values.set(sourceCode, value);
    }
    return value;
  };
}
