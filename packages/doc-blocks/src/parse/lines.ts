/**
 * Comment text → physical lines with exact positions.
 *
 * @rationale Hand-written line splitter instead of comment-parser's source tokens
 *   why: positions must be UTF-16 offsets into the exact string given, with CRLF, LF and lone CR all
 *     ending a line, and the `*` prefix, indentation and content of each line kept apart so fields can
 *     be recognised by indentation; comment-parser splits on LF only and re-tokenises tag names, types
 *     and names in a way pipeguard's `key: value` fields do not use.
 *   alternatives: comment-parser (tag/type/name tokens, LF only); TSDoc's parser (no field positions)
 *   tradeoffs: ~150 lines we maintain; covered by named edge-case and property tests
 */
import type { Position, Span } from '../types';

/** One physical line of the comment, after removing the `/**`, `*\/` and leading `*` decoration. */
export interface CommentLine {
  /** 0-based physical line index (line 1 in positions is index 0) */
  index: number;
  /** offset of the first character after the decoration; indentation starts here */
  contentStart: number;
  /** offset just after the last non-blank character (== bodyStart when the line is blank) */
  contentEnd: number;
  /** offset of the first non-blank character */
  bodyStart: number;
  /** the trimmed text of the line */
  body: string;
  /** indentation width of `body` (tabs advance to the next multiple of 4) */
  indent: number;
  blank: boolean;
  /** text from contentStart to contentEnd (indentation kept) */
  raw: string;
}

export interface SplitResult {
  lines: CommentLine[];
  /** true when `text` was a whole `/* … *\/` comment */
  wholeComment: boolean;
  /** set when the text opens with `/*` but never closes */
  unterminated: boolean;
  positionAt: (offset: number) => Position;
  spanOf: (start: number, end: number) => Span;
}

const isBlankChar = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f' || c === '\v';

/** Split `text` into lines and compute the position helpers used by every later stage. */
export function splitComment(text: string): SplitResult {
  // Physical line starts and ends (end = index of the line terminator or text.length).
  const starts: number[] = [0];
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      ends.push(i);
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      ends.push(i);
      starts.push(i + 1);
    }
  }
  ends.push(text.length);

  const positionAt = (offset: number): Position => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { offset: o, line: lo + 1, column: o - (starts[lo] ?? 0) };
  };
  const spanOf = (start: number, end: number): Span => ({ start: positionAt(start), end: positionAt(end) });

  // Find the comment delimiters, if any.
  let first = 0;
  while (first < text.length && /\s/.test(text[first] ?? '')) first++;
  const wholeComment = text.startsWith('/*', first);
  let openEnd = 0;
  let closeStart = text.length;
  let unterminated = false;
  if (wholeComment) {
    let last = text.length;
    while (last > 0 && /\s/.test(text[last - 1] ?? '')) last--;
    const closes = last - 2 >= first + 2 && text.startsWith('*/', last - 2);
    closeStart = closes ? last - 2 : text.length;
    unterminated = !closes;
    openEnd = Math.min(first + (text[first + 2] === '*' ? 3 : 2), closeStart);
  }

  const lines: CommentLine[] = [];
  for (let index = 0; index < starts.length; index++) {
    const lineStart = starts[index] ?? 0;
    const lineEnd = ends[index] ?? text.length;
    let from = Math.max(lineStart, openEnd);
    const to = Math.min(lineEnd, closeStart);
    if (lineEnd < openEnd || lineStart > closeStart) continue;
    if (from > to) from = to;
    // Strip the ` * ` decoration (never on the line that holds the opening delimiter).
    if (!(wholeComment && lineStart <= openEnd && openEnd <= lineEnd)) {
      let p = from;
      while (p < to && isBlankChar(text[p])) p++;
      if (p < to && text[p] === '*') {
        p++;
        if (p < to && isBlankChar(text[p])) p++;
        from = p;
      }
    }
    let end = to;
    while (end > from && /\s/.test(text[end - 1] ?? '')) end--;
    let bodyStart = from;
    let indent = 0;
    while (bodyStart < end && isBlankChar(text[bodyStart])) {
      indent = text[bodyStart] === '\t' ? indent + 4 - (indent % 4) : indent + 1;
      bodyStart++;
    }
    lines.push({
      index,
      contentStart: from,
      contentEnd: end,
      bodyStart,
      body: text.slice(bodyStart, end),
      indent,
      blank: bodyStart >= end,
      raw: text.slice(from, end),
    });
  }
  return { lines, wholeComment, unterminated, positionAt, spanOf };
}
