/**
 * A small, tolerant SQL table extractor: which tables a SQL text reads, writes, creates or indexes.
 *
 * @rationale Hand-written tokenizer + clause scanner instead of a full SQL grammar
 *   why: rules only need table names, the access mode and the shape of CREATE TABLE / CREATE INDEX; the
 *     text comes from string and template literals, so it is often partial (template holes for table
 *     names or values) and written in any dialect (SQLite upserts, Postgres COPY, MERGE, MySQL backticks).
 *     A scanner that understands comments, quoting, parentheses and CTE names handles all of that and
 *     never throws.
 *   alternatives: node-sql-parser 5 (measured: rejects SQLite `ON CONFLICT … DO UPDATE`, `MERGE`, `COPY`,
 *     template holes in Postgres mode, lists CTE names as tables, ships one 200–300 kB grammar per
 *     dialect); pgsql-ast-parser (Postgres only)
 *   tradeoffs: it is a heuristic; exotic syntax (e.g. MySQL multi-table `DELETE t1, t2 FROM …`) may be
 *     read partially. Strings that are not clearly SQL are rejected by `looksLikeSql` plausibility checks.
 */

export type SqlAccessMode = 'read' | 'write';

/** A table reference found in SQL text. Offsets are UTF-16 indices into the analysed text. */
export interface SqlTableRef {
  /** the table name, unquoted (`Orders` for `"Orders"`) */
  name: string;
  /** everything before the table name, joined with `.` (`main`, `db.schema`) */
  schema?: string;
  mode: SqlAccessMode;
  /** true when part of the name comes from a template hole (`orders_${suffix}`, kept as `orders_${…}` in `name`): the real name is unknown */
  dynamic: boolean;
  start: number;
  end: number;
}

export interface SqlIndex {
  name?: string;
  columns: string[];
  unique: boolean;
}

export type SqlConstraintKind = 'foreignKey' | 'unique' | 'check';

export interface SqlConstraint {
  kind: SqlConstraintKind;
  name?: string;
  columns: string[];
  /** foreign keys: the referenced table and columns */
  references?: { table: string; columns: string[] };
  /** check constraints: the expression as written */
  expression?: string;
}

export interface SqlCreateTable {
  kind: 'table';
  name: string;
  schema?: string;
  columns: { name: string; type?: string }[];
  /** primary key columns (a primary key alone is not a constraint that needs an `@constraints` block) */
  primaryKey: string[];
  /** MySQL-style `INDEX` / `KEY` entries inside the table body */
  indexes: SqlIndex[];
  constraints: SqlConstraint[];
  start: number;
  end: number;
}

export interface SqlCreateIndex {
  kind: 'index';
  table: string;
  schema?: string;
  index: SqlIndex;
  start: number;
  end: number;
}

export type SqlSchemaStatement = SqlCreateTable | SqlCreateIndex;

export interface SqlAnalysis {
  /** the first keyword of each statement, upper-cased (`SELECT`, `INSERT`, `WITH` …) */
  statements: string[];
  /** data access: reads and writes (DDL such as CREATE TABLE / CREATE INDEX is not data access) */
  tables: SqlTableRef[];
  /** CREATE TABLE and CREATE INDEX statements */
  schema: SqlSchemaStatement[];
  /** false when the text does not read like SQL (prose such as "Update the config from disk") */
  plausible: boolean;
}

/** The character that stands for a template-literal hole (`${…}`) in text given to `analyzeSql`. */
export const SQL_HOLE = '\u0000';

type TokKind = 'word' | 'qident' | 'string' | 'number' | 'punct' | 'param' | 'hole';

interface Tok {
  kind: TokKind;
  /** words: upper-cased; quoted identifiers: unquoted; others: as written */
  value: string;
  /** as written, for identifiers (keeps case) */
  text: string;
  start: number;
  end: number;
  /** whitespace or a comment precedes the token */
  spaced: boolean;
}

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_$#@]/u;

/** Splits SQL into tokens; comments and whitespace are dropped. Never throws. */
function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let spaced = true;
  const n = text.length;
  const push = (kind: TokKind, start: number, end: number, value: string, raw = value): void => {
    toks.push({ kind, value, text: raw, start, end, spaced });
    spaced = false;
  };
  while (i < n) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v') {
      i++;
      spaced = true;
      continue;
    }
    if ((ch === '-' && next === '-') || ch === '#') {
      // `#` starts a comment in MySQL; elsewhere it is rare outside identifiers.
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      spaced = true;
      continue;
    }
    if (ch === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      spaced = true;
      continue;
    }
    if (ch === SQL_HOLE) {
      push('hole', i, i + 1, SQL_HOLE);
      i++;
      continue;
    }
    const start = i;
    // strings: '…' with '' escapes; E'…' allows backslash escapes
    if (ch === "'" || ((ch === 'E' || ch === 'e' || ch === 'N' || ch === 'n') && next === "'" && spacedBefore(text, i))) {
      const backslash = ch === 'E' || ch === 'e';
      i = ch === "'" ? i + 1 : i + 2;
      while (i < n) {
        if (backslash && text[i] === '\\') {
          i += 2;
          continue;
        }
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
      push('string', start, i, text.slice(start, i));
      continue;
    }
    // quoted identifiers: "…" (with ""), `…`, […]
    if (ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      let value = '';
      while (j < n) {
        if (text[j] === close) {
          if (close !== ']' && text[j + 1] === close) {
            value += close;
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      // `[` not closed on the same statement: an array subscript or garbage, keep it as punctuation
      if (ch === '[' && (j >= n || value.includes('\n'))) {
        push('punct', i, i + 1, '[');
        i++;
        continue;
      }
      i = Math.min(n, j + 1);
      push('qident', start, i, value, value);
      continue;
    }
    // dollar-quoted strings $$…$$ / $tag$…$tag$, and $1 parameters
    if (ch === '$') {
      const m = /^\$([A-Za-z_]\w*)?\$/.exec(text.slice(i, i + 64));
      if (m) {
        const close = text.indexOf(m[0], i + m[0].length);
        i = close < 0 ? n : close + m[0].length;
        push('string', start, i, text.slice(start, i));
        continue;
      }
      let j = i + 1;
      while (j < n && /\d/.test(text[j]!)) j++;
      push('param', start, Math.max(j, i + 1), text.slice(start, Math.max(j, i + 1)));
      i = Math.max(j, i + 1);
      continue;
    }
    if ((ch === ':' || ch === '@') && next !== undefined && WORD_START.test(next) && text[i - 1] !== ':') {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j]!)) j++;
      push('param', start, j, text.slice(start, j));
      i = j;
      continue;
    }
    if (ch === '?') {
      let j = i + 1;
      while (j < n && /\d/.test(text[j]!)) j++;
      push('param', start, j, text.slice(start, j));
      i = j;
      continue;
    }
    if (/\d/.test(ch) || (ch === '.' && next !== undefined && /\d/.test(next))) {
      let j = i + 1;
      while (j < n && /[\d.eE_xXa-fA-F]/.test(text[j]!)) j++;
      push('number', start, j, text.slice(start, j));
      i = j;
      continue;
    }
    if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j]!)) j++;
      const raw = text.slice(start, j);
      push('word', start, j, raw.toUpperCase(), raw);
      i = j;
      continue;
    }
    if (ch === ':' && next === ':') {
      push('punct', i, i + 2, '::');
      i += 2;
      continue;
    }
    push('punct', i, i + 1, ch);
    i++;
  }
  return toks;
}

function spacedBefore(text: string, i: number): boolean {
  return i === 0 || !WORD_PART.test(text[i - 1]!);
}

/** Keywords that end a table reference (so they are never taken for an alias). */
const CLAUSE_WORDS = new Set([
  'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'OFFSET', 'HAVING', 'WINDOW', 'UNION', 'INTERSECT', 'EXCEPT', 'MINUS',
  'JOIN', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'FULL', 'CROSS', 'NATURAL', 'STRAIGHT_JOIN', 'ON', 'USING',
  'RETURNING', 'FOR', 'SET', 'WHEN', 'VALUES', 'VALUE', 'SELECT', 'DEFAULT', 'FETCH', 'QUALIFY',
  'TABLESAMPLE', 'WITH', 'LATERAL', 'INTO', 'FROM', 'TO', 'AS', 'OUTPUT', 'ROWS', 'LOCK', 'PARTITION',
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'DO', 'CONFLICT', 'IGNORE', 'AND', 'OR', 'NOT', 'ONLY', 'IN',
  'OVERRIDING', 'OVERWRITE', 'TABLE', 'APPLY', 'PIVOT', 'UNPIVOT', 'CONNECT', 'START', 'MATCHED', 'THEN',
  'IS', 'NULL', 'LIKE', 'BETWEEN', 'INDEXED', 'FORCE', 'USE', 'STDIN', 'STDOUT', 'PROGRAM',
]);

/** Words that may follow a table reference in real SQL (used by the plausibility check). */
const AFTER_TABLE = new Set([
  'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'OFFSET', 'HAVING', 'WINDOW', 'UNION', 'INTERSECT', 'EXCEPT', 'MINUS',
  'JOIN', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'FULL', 'CROSS', 'NATURAL', 'STRAIGHT_JOIN', 'ON', 'USING',
  'RETURNING', 'FOR', 'SET', 'WHEN', 'VALUES', 'VALUE', 'SELECT', 'DEFAULT', 'FETCH', 'QUALIFY',
  'TABLESAMPLE', 'WITH', 'LATERAL', 'OUTPUT', 'LOCK', 'PARTITION', 'FROM', 'TO', 'AS', 'INDEXED', 'NOT',
  'FORCE', 'USE', 'IGNORE', 'OVERRIDING', 'APPLY', 'PIVOT', 'UNPIVOT', 'CONNECT', 'START', 'TABLE', 'DO',
  'ORDER', 'WHEN', 'INSERT', 'UPDATE', 'DELETE', 'STDIN', 'STDOUT', 'PROGRAM', 'CSV', 'DELIMITER', 'HEADER',
]);

/** Statement-leading keywords that make a string SQL. */
const STATEMENT_WORDS = new Set([
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'WITH', 'CREATE', 'REPLACE', 'TRUNCATE', 'UPSERT',
]);

/** Words before `(` that make the parenthesis a grouping, not a function call. */
const NON_CALL_WORDS = new Set([
  'IN', 'EXISTS', 'AS', 'FROM', 'JOIN', 'ON', 'AND', 'OR', 'NOT', 'WHERE', 'SELECT', 'VALUES', 'VALUE',
  'USING', 'ALL', 'ANY', 'SOME', 'INTO', 'UNION', 'INTERSECT', 'EXCEPT', 'THEN', 'ELSE', 'WHEN', 'SET',
  'RETURNING', 'LATERAL', 'HAVING', 'BY', 'TABLE', 'MATERIALIZED', 'RECURSIVE', 'CASE', 'IS', 'LIKE',
]);

interface Frame {
  kind: 'query' | 'call' | 'group';
}

interface ParsedName {
  parts: string[];
  dynamic: boolean;
  start: number;
  end: number;
  /** index of the first token after the name */
  next: number;
}

const isIdent = (t: Tok | undefined): boolean =>
  t !== undefined && (t.kind === 'qident' || (t.kind === 'word' && !CLAUSE_WORDS.has(t.value)) || t.kind === 'hole');

const isWord = (t: Tok | undefined, ...words: string[]): boolean =>
  t !== undefined && t.kind === 'word' && words.includes(t.value);

const isPunct = (t: Tok | undefined, p: string): boolean => t !== undefined && t.kind === 'punct' && t.value === p;

/** Parses `a`, `a.b`, `"a"."b"`, `${s}.orders` at `i`; undefined when no name starts there. */
function parseName(toks: Tok[], i: number, allowKeyword = false): ParsedName | undefined {
  const first = toks[i];
  if (first === undefined) return undefined;
  const startsName = isIdent(first) || (allowKeyword && first.kind === 'word');
  if (!startsName) return undefined;
  const parts: string[] = [];
  let dynamic = false;
  let j = i;
  let lastEnd = first.start;
  for (;;) {
    // one part: identifiers and holes glued together without spaces (`orders_${suffix}`)
    const partStart = j;
    let part = '';
    while (j < toks.length) {
      const t = toks[j]!;
      const glued = j === partStart || (!t.spaced && t.start === lastEnd);
      if (!glued) break;
      if (t.kind === 'hole') {
        dynamic = true;
        part += '${…}';
      } else if (t.kind === 'word' || t.kind === 'qident' || (t.kind === 'number' && j !== partStart)) {
        part += t.kind === 'qident' ? t.value : t.text;
      } else break;
      lastEnd = t.end;
      j++;
      if (t.kind === 'qident' && toks[j]?.kind !== 'hole') break;
    }
    if (j === partStart) break;
    parts.push(part);
    if (isPunct(toks[j], '.') && toks[j + 1] !== undefined && (toks[j + 1]!.kind !== 'punct' || toks[j + 1]!.value === '*')) {
      if (isPunct(toks[j + 1], '*')) break;
      lastEnd = toks[j]!.end;
      j++;
      continue;
    }
    break;
  }
  if (parts.length === 0) return undefined;
  return { parts, dynamic, start: first.start, end: toks[j - 1]!.end, next: j };
}

function sliceParens(toks: Tok[], open: number): { inner: Tok[]; close: number } {
  let depth = 0;
  for (let j = open; j < toks.length; j++) {
    if (isPunct(toks[j], '(')) depth++;
    else if (isPunct(toks[j], ')')) {
      depth--;
      if (depth === 0) return { inner: toks.slice(open + 1, j), close: j };
    }
  }
  return { inner: toks.slice(open + 1), close: toks.length - 1 };
}

/** Splits tokens on top-level commas. */
function splitTopLevel(toks: Tok[]): Tok[][] {
  const out: Tok[][] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (const t of toks) {
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    if (depth === 0 && isPunct(t, ',')) {
      out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

const identList = (toks: Tok[]): string[] =>
  splitTopLevel(toks)
    .map((item) => {
      const t = item[0];
      if (t === undefined) return '';
      return t.kind === 'qident' ? t.value : t.text;
    })
    .filter((name) => name !== '');

interface StatementState {
  first: string;
  ctes: Set<string>;
  refs: SqlTableRef[];
  implausible: number;
}

/**
 * Analyses SQL text (template holes written as `SQL_HOLE`). Never throws: unknown syntax is skipped.
 */
export function analyzeSql(text: string): SqlAnalysis {
  const toks = tokenize(text);
  const statements: StatementState[] = [];
  const schema: SqlSchemaStatement[] = [];
  let start = 0;
  for (let i = 0; i <= toks.length; i++) {
    if (i === toks.length || isPunct(toks[i], ';')) {
      if (i > start) {
        const st = analyzeStatement(text, toks.slice(start, i), schema);
        if (st) statements.push(st);
      }
      start = i + 1;
    }
  }
  const tables = statements.flatMap((st) =>
    st.refs.filter((ref) => ref.schema !== undefined || ref.dynamic || !st.ctes.has(ref.name.toLowerCase())),
  );
  const plausible =
    statements.length > 0 &&
    statements.every((st) => st.implausible === 0) &&
    (tables.length > 0 || schema.length > 0);
  return { statements: statements.map((st) => st.first), tables, schema, plausible };
}

function analyzeStatement(text: string, toks: Tok[], schema: SqlSchemaStatement[]): StatementState | undefined {
  let lead = 0;
  while (isPunct(toks[lead], '(')) lead++;
  const firstTok = toks[lead];
  if (firstTok?.kind !== 'word') return undefined;
  const st: StatementState = { first: firstTok.value, ctes: new Set(), refs: [], implausible: 0 };
  if (!STATEMENT_WORDS.has(st.first)) return st.first === 'ALTER' || st.first === 'DROP' ? st : undefined;
  // prose guards: SQL keywords are written all upper or all lower case ("Select a file" is prose),
  // and a statement never ends with sentence punctuation
  if (firstTok.text !== firstTok.text.toUpperCase() && firstTok.text !== firstTok.text.toLowerCase()) st.implausible++;
  const lastTok = toks[toks.length - 1]!;
  if (lastTok.kind === 'punct' && (lastTok.value === '.' || lastTok.value === '!' || lastTok.value === ':')) st.implausible++;
  if (st.first === 'DELETE') {
    const target = parseName(toks, lead + 1);
    if (!isWord(toks[lead + 1], 'FROM') && !(target && isWord(toks[target.next], 'FROM'))) st.implausible++;
  }

  const frames: Frame[] = [];
  const consumed = new Set<number>();
  const addRef = (name: ParsedName, mode: SqlAccessMode): void => {
    const tableName = name.parts[name.parts.length - 1]!;
    const ref: SqlTableRef = {
      name: tableName,
      mode,
      dynamic: name.dynamic,
      start: name.start,
      end: name.end,
    };
    if (name.parts.length > 1) ref.schema = name.parts.slice(0, -1).join('.');
    st.refs.push(ref);
  };

  /** After a table name: optional alias; returns the index after it and checks what follows. */
  const skipAlias = (j: number): number => {
    if (isWord(toks[j], 'AS')) j++;
    const t = toks[j];
    if (t && (t.kind === 'qident' || (t.kind === 'word' && !CLAUSE_WORDS.has(t.value)))) j++;
    return j;
  };
  const checkFollow = (j: number): void => {
    const t = toks[j];
    if (t === undefined) return;
    if (t.kind === 'punct' || t.kind === 'hole' || t.kind === 'param') return;
    if (t.kind === 'word' && AFTER_TABLE.has(t.value)) return;
    st.implausible++;
  };

  /** Parses one table reference (or a list, for FROM) starting at j. */
  const tableRefs = (j: number, mode: SqlAccessMode, opts: { list: boolean; columnsMayFollow: boolean }): void => {
    for (;;) {
      while (isWord(toks[j], 'ONLY', 'LATERAL', 'TABLE', 'IF', 'NOT', 'EXISTS')) j++;
      if (isPunct(toks[j], '(')) return; // derived table / subquery: its own FROMs are scanned
      const name = parseName(toks, j);
      if (!name) {
        if (toks[j]?.kind === 'word' && !CLAUSE_WORDS.has(toks[j]!.value)) st.implausible++;
        return;
      }
      const after = toks[name.next];
      if (isPunct(after, '(') && !opts.columnsMayFollow) {
        return; // table-valued function: generate_series(…), json_each(…)
      }
      addRef(name, mode);
      let k = name.next;
      if (isPunct(toks[k], '(') && opts.columnsMayFollow) return; // INSERT INTO t (a, b)
      k = skipAlias(k);
      checkFollow(k);
      if (opts.list && isPunct(toks[k], ',')) {
        j = k + 1;
        continue;
      }
      return;
    }
  };

  for (let i = 0; i < toks.length; i++) {
    if (consumed.has(i)) continue;
    const t = toks[i]!;
    const prev = toks[i - 1];
    if (t.kind === 'punct') {
      if (t.value === '(') {
        const nx = toks[i + 1];
        let kind: Frame['kind'] = 'group';
        if (isWord(nx, 'SELECT', 'WITH', 'VALUES')) kind = 'query';
        else if (prev && ((prev.kind === 'word' && !NON_CALL_WORDS.has(prev.value)) || prev.kind === 'qident')) kind = 'call';
        frames.push({ kind });
      } else if (t.value === ')') frames.pop();
      continue;
    }
    if (t.kind !== 'word') continue;
    const inCall = frames.length > 0 && frames[frames.length - 1]!.kind === 'call';
    if (inCall) continue;
    switch (t.value) {
      case 'WITH': {
        // WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] ( … ), name2 AS ( … )
        let j = i + 1;
        if (isWord(toks[j], 'RECURSIVE')) j++;
        for (;;) {
          const nm = toks[j];
          if (!nm || !(nm.kind === 'word' || nm.kind === 'qident')) break;
          let k = j + 1;
          if (isPunct(toks[k], '(')) k = sliceParens(toks, k).close + 1;
          if (!isWord(toks[k], 'AS')) break;
          st.ctes.add((nm.kind === 'qident' ? nm.value : nm.text).toLowerCase());
          k++;
          while (isWord(toks[k], 'NOT', 'MATERIALIZED')) k++;
          if (!isPunct(toks[k], '(')) break;
          const close = sliceParens(toks, k).close;
          if (!isPunct(toks[close + 1], ',')) break;
          j = close + 2;
        }
        break;
      }
      case 'FROM': {
        if (isWord(prev, 'DISTINCT')) break; // IS [NOT] DISTINCT FROM
        const mode: SqlAccessMode = isWord(prev, 'DELETE') ? 'write' : 'read';
        tableRefs(i + 1, mode, { list: mode === 'read', columnsMayFollow: false });
        break;
      }
      case 'JOIN':
      case 'STRAIGHT_JOIN':
        tableRefs(i + 1, 'read', { list: false, columnsMayFollow: false });
        break;
      case 'INTO': {
        if (isWord(toks[i + 1], 'OUTFILE', 'DUMPFILE')) break;
        tableRefs(i + 1, 'write', { list: false, columnsMayFollow: true });
        break;
      }
      case 'INSERT':
      case 'UPSERT': {
        // INSERT t VALUES … (MySQL), INSERT OVERWRITE TABLE t (Hive): a name follows without INTO
        let j = i + 1;
        while (isWord(toks[j], 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'OVERWRITE', 'TABLE')) j++;
        if (isWord(toks[j], 'INTO', 'OR')) break;
        tableRefs(j, 'write', { list: false, columnsMayFollow: true });
        break;
      }
      case 'REPLACE': {
        if (i === lead && !isWord(toks[i + 1], 'INTO')) tableRefs(i + 1, 'write', { list: false, columnsMayFollow: true });
        break;
      }
      case 'UPDATE': {
        if (isWord(prev, 'DO', 'KEY', 'FOR', 'ON', 'GRANT', 'THEN') || isPunct(prev, ',')) break;
        let j = i + 1;
        while (isWord(toks[j], 'OR', 'REPLACE', 'ROLLBACK', 'ABORT', 'FAIL', 'IGNORE', 'LOW_PRIORITY')) j++;
        if (isWord(toks[j], 'SET')) break;
        tableRefs(j, 'write', { list: false, columnsMayFollow: false });
        // UPDATE needs a SET somewhere at this level
        if (!toks.slice(j).some((x) => isWord(x, 'SET'))) st.implausible++;
        break;
      }
      case 'DELETE': {
        if (isWord(prev, 'ON', 'THEN', 'GRANT') || isPunct(prev, ',')) break;
        if (!isWord(toks[i + 1], 'FROM') && i === lead && !isWord(toks[i + 1], 'FROM')) {
          // DELETE t FROM … (MySQL) — the target comes first
          const name = parseName(toks, i + 1);
          if (name && isWord(toks[name.next], 'FROM')) addRef(name, 'write');
        }
        break;
      }
      case 'MERGE': {
        if (!isWord(toks[i + 1], 'INTO')) tableRefs(i + 1, 'write', { list: false, columnsMayFollow: false });
        break;
      }
      case 'USING': {
        if (st.first === 'MERGE' || st.first === 'DELETE' || (st.first === 'WITH' && statementHas(toks, 'MERGE'))) {
          tableRefs(i + 1, 'read', { list: st.first === 'DELETE', columnsMayFollow: false });
        }
        break;
      }
      case 'COPY': {
        if (i !== lead) break;
        const name = parseName(toks, i + 1);
        if (!name) break; // COPY (query) TO …: the query's tables are reads
        let k = name.next;
        if (isPunct(toks[k], '(')) k = sliceParens(toks, k).close + 1;
        if (isWord(toks[k], 'FROM')) {
          addRef(name, 'write');
          consumed.add(k);
        } else if (isWord(toks[k], 'TO')) addRef(name, 'read');
        break;
      }
      case 'TRUNCATE': {
        tableRefs(isWord(toks[i + 1], 'TABLE') ? i + 2 : i + 1, 'write', { list: true, columnsMayFollow: false });
        break;
      }
      case 'CREATE': {
        if (i !== lead) break;
        const end = analyzeCreate(text, toks, i, schema, (name, mode) => addRef(name, mode));
        if (end > i) i = end;
        break;
      }
      default:
        break;
    }
  }
  return st;
}

function statementHas(toks: Tok[], word: string): boolean {
  return toks.some((t) => isWord(t, word));
}

/** CREATE TABLE / INDEX / VIEW. Returns the index to continue scanning from (inside AS queries). */
function analyzeCreate(
  text: string,
  toks: Tok[],
  i: number,
  schema: SqlSchemaStatement[],
  addRef: (name: ParsedName, mode: SqlAccessMode) => void,
): number {
  let j = i + 1;
  if (isWord(toks[j], 'OR') && isWord(toks[j + 1], 'REPLACE')) j += 2;
  while (isWord(toks[j], 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'VIRTUAL', 'EXTERNAL', 'TRANSIENT')) j++;
  let unique = false;
  while (isWord(toks[j], 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'CLUSTERED', 'NONCLUSTERED', 'BITMAP')) {
    if (toks[j]!.value === 'UNIQUE') unique = true;
    j++;
  }
  if (isWord(toks[j], 'MATERIALIZED') && isWord(toks[j + 1], 'VIEW')) j++;
  const what = toks[j];
  if (!what || what.kind !== 'word') return i;
  j++;
  if (isWord(toks[j], 'CONCURRENTLY')) j++;
  if (isWord(toks[j], 'IF') && isWord(toks[j + 1], 'NOT') && isWord(toks[j + 2], 'EXISTS')) j += 3;
  const stmtStart = toks[i]!.start;
  const stmtEnd = toks[toks.length - 1]!.end;
  if (what.value === 'TABLE') {
    const name = parseName(toks, j, true);
    if (!name) return j;
    const tableName = name.parts[name.parts.length - 1]!;
    let k = name.next;
    if (isWord(toks[k], 'AS')) {
      addRef(name, 'write'); // CREATE TABLE t AS SELECT …: a write; the query's FROMs are scanned next
      return k;
    }
    if (!isPunct(toks[k], '(')) return k;
    const { inner, close } = sliceParens(toks, k);
    const def: SqlCreateTable = {
      kind: 'table',
      name: tableName,
      columns: [],
      primaryKey: [],
      indexes: [],
      constraints: [],
      start: stmtStart,
      end: stmtEnd,
    };
    if (name.parts.length > 1) def.schema = name.parts.slice(0, -1).join('.');
    for (const item of splitTopLevel(inner)) readTableItem(text, item, def);
    schema.push(def);
    k = close + 1;
    return k;
  }
  if (what.value === 'INDEX' || what.value === 'KEY') {
    let indexName: string | undefined;
    if (!isWord(toks[j], 'ON')) {
      const nm = parseName(toks, j, true);
      if (nm) {
        indexName = nm.parts[nm.parts.length - 1];
        j = nm.next;
      }
    }
    if (!isWord(toks[j], 'ON')) return j;
    j++;
    if (isWord(toks[j], 'ONLY')) j++;
    const table = parseName(toks, j, true);
    if (!table) return j;
    let k = table.next;
    if (isWord(toks[k], 'USING')) k += 2;
    const columns = isPunct(toks[k], '(') ? indexColumns(text, sliceParens(toks, k).inner) : [];
    const index: SqlIndex = { columns, unique };
    if (indexName !== undefined) index.name = indexName;
    const def: SqlCreateIndex = {
      kind: 'index',
      table: table.parts[table.parts.length - 1]!,
      index,
      start: stmtStart,
      end: stmtEnd,
    };
    if (table.parts.length > 1) def.schema = table.parts.slice(0, -1).join('.');
    schema.push(def);
    return toks.length;
  }
  if (what.value === 'VIEW') {
    const name = parseName(toks, j, true);
    if (!name) return j;
    let k = name.next;
    if (isPunct(toks[k], '(')) k = sliceParens(toks, k).close + 1;
    if (isWord(toks[k], 'AS')) addRef(name, 'write');
    return k;
  }
  return i;
}

/** `(col)`, `(lower(email))`, `(a DESC, b)` → column names or expressions as written. */
function indexColumns(text: string, inner: Tok[]): string[] {
  return splitTopLevel(inner)
    .map((item) => {
      const first = item[0];
      if (first === undefined) return '';
      if (item.length === 1 || (item.length === 2 && isWord(item[1], 'ASC', 'DESC'))) {
        return first.kind === 'qident' ? first.value : first.text;
      }
      const last = item.filter((t) => !isWord(t, 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'COLLATE'));
      const end = last[last.length - 1] ?? first;
      return text.slice(first.start, end.end);
    })
    .filter((c) => c !== '');
}

function readTableItem(text: string, item: Tok[], def: SqlCreateTable): void {
  let i = 0;
  let constraintName: string | undefined;
  if (isWord(item[0], 'CONSTRAINT')) {
    const nm = item[1];
    if (nm && (nm.kind === 'word' || nm.kind === 'qident')) constraintName = nm.kind === 'qident' ? nm.value : nm.text;
    i = 2;
  }
  const head = item[i];
  if (!head) return;
  const named = <T extends object>(obj: T): T & { name?: string } =>
    constraintName === undefined ? obj : { ...obj, name: constraintName };
  if (head.kind === 'word') {
    switch (head.value) {
      case 'PRIMARY': {
        const open = item.findIndex((t, k) => k > i && isPunct(t, '('));
        if (open >= 0) def.primaryKey.push(...identList(sliceParens(item, open).inner));
        return;
      }
      case 'FOREIGN': {
        const open = item.findIndex((t, k) => k > i && isPunct(t, '('));
        const columns = open >= 0 ? identList(sliceParens(item, open).inner) : [];
        const refAt = item.findIndex((t) => isWord(t, 'REFERENCES'));
        def.constraints.push(named({ kind: 'foreignKey' as const, columns, ...references(item, refAt) }));
        return;
      }
      case 'UNIQUE': {
        const open = item.findIndex((t, k) => k > i && isPunct(t, '('));
        const columns = open >= 0 ? identList(sliceParens(item, open).inner) : [];
        let name = constraintName;
        const nm = item[i + 1];
        if (name === undefined && nm && isIdent(nm) && !isWord(nm, 'KEY', 'INDEX')) name = nm.kind === 'qident' ? nm.value : nm.text;
        if (name === undefined && isWord(nm, 'KEY', 'INDEX')) {
          const nm2 = item[i + 2];
          if (nm2 && isIdent(nm2)) name = nm2.kind === 'qident' ? nm2.value : nm2.text;
        }
        def.constraints.push(name === undefined ? { kind: 'unique', columns } : { kind: 'unique', name, columns });
        return;
      }
      case 'CHECK': {
        def.constraints.push(named({ kind: 'check' as const, columns: [], expression: checkExpression(text, item, i + 1) }));
        return;
      }
      case 'INDEX':
      case 'KEY':
      case 'FULLTEXT':
      case 'SPATIAL': {
        const open = item.findIndex((t, k) => k > i && isPunct(t, '('));
        const columns = open >= 0 ? indexColumns(text, sliceParens(item, open).inner) : [];
        const nm = item.slice(i + 1, open < 0 ? undefined : open).find((t) => isIdent(t) && !isWord(t, 'INDEX', 'KEY'));
        const index: SqlIndex = { columns, unique: false };
        if (nm) index.name = nm.kind === 'qident' ? nm.value : nm.text;
        def.indexes.push(index);
        return;
      }
      case 'EXCLUDE':
        def.constraints.push(named({ kind: 'check' as const, columns: [], expression: text.slice(head.start, item[item.length - 1]!.end) }));
        return;
      default:
        break;
    }
  }
  // a column definition: name type [constraints…]
  if (head.kind !== 'word' && head.kind !== 'qident') return;
  const column = head.kind === 'qident' ? head.value : head.text;
  const typeTok = item[i + 1];
  const col: { name: string; type?: string } = { name: column };
  if (typeTok && typeTok.kind === 'word' && !['PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'REFERENCES', 'CHECK', 'DEFAULT', 'CONSTRAINT'].includes(typeTok.value)) {
    col.type = typeTok.text;
  }
  def.columns.push(col);
  let inlineName: string | undefined;
  for (let k = i + 1; k < item.length; k++) {
    const t = item[k]!;
    if (isPunct(t, '(')) {
      if (isWord(item[k - 1], 'CHECK')) continue;
      k = sliceParens(item, k).close;
      continue;
    }
    if (isWord(t, 'CONSTRAINT')) {
      const nm = item[k + 1];
      if (nm) inlineName = nm.kind === 'qident' ? nm.value : nm.text;
      k++;
      continue;
    }
    const withName = <T extends object>(obj: T): T & { name?: string } => {
      const out = inlineName === undefined ? obj : { ...obj, name: inlineName };
      inlineName = undefined;
      return out;
    };
    if (isWord(t, 'PRIMARY') && isWord(item[k + 1], 'KEY')) {
      def.primaryKey.push(column);
      inlineName = undefined;
      k++;
    } else if (isWord(t, 'UNIQUE')) {
      def.constraints.push(withName({ kind: 'unique' as const, columns: [column] }));
    } else if (isWord(t, 'REFERENCES')) {
      def.constraints.push(withName({ kind: 'foreignKey' as const, columns: [column], ...references(item, k) }));
    } else if (isWord(t, 'CHECK')) {
      def.constraints.push(withName({ kind: 'check' as const, columns: [column], expression: checkExpression(text, item, k + 1) }));
      if (isPunct(item[k + 1], '(')) k = sliceParens(item, k + 1).close;
    }
  }
}

function references(item: Tok[], refAt: number): { references?: { table: string; columns: string[] } } {
  if (refAt < 0) return {};
  const name = parseName(item, refAt + 1, true);
  if (!name) return {};
  const columns = isPunct(item[name.next], '(') ? identList(sliceParens(item, name.next).inner) : [];
  return { references: { table: name.parts[name.parts.length - 1]!, columns } };
}

function checkExpression(text: string, item: Tok[], open: number): string {
  if (!isPunct(item[open], '(')) return '';
  const { inner } = sliceParens(item, open);
  if (inner.length === 0) return '';
  return text.slice(inner[0]!.start, inner[inner.length - 1]!.end);
}

/** Quick pre-filter: could this text contain a SQL statement? (cheap; run before `analyzeSql`) */
export function mightBeSql(text: string): boolean {
  return /\b(?:select|insert|update|delete|merge|copy|with|create|replace|truncate|upsert)\b/i.test(text);
}

/**
 * Analyses `text` when it reads like SQL. `assumeSql` (text passed to `prepare`, `query`, `exec`, a
 * `sql` tag …) skips the plausibility check.
 */
export function extractSql(text: string, options: { assumeSql?: boolean } = {}): SqlAnalysis | undefined {
  if (text.length > 200_000 || !mightBeSql(text)) return undefined;
  const analysis = analyzeSql(text);
  if (analysis.tables.length === 0 && analysis.schema.length === 0) return undefined;
  if (!analysis.plausible && options.assumeSql !== true) return undefined;
  return analysis;
}
