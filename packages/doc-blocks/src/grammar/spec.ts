/**
 * The shape of a block kind's grammar: which keys it knows, which it needs, how values parse.
 *
 * @rationale Grammar as data (one spec object per kind) rather than code paths per kind
 *   why: the parser, the validator, the printer, the README tables and the plugin's fix templates all
 *     read the same spec, so a key added in one place shows up everywhere.
 *   alternatives: a JSON schema per kind (no custom value parsers, worse messages); a parser generator
 *   tradeoffs: value parsers are plain functions, so their messages are checked by tests, not types
 */
import type { BlockKind, ParsedValue } from '../types';

/** The result of a value parser: a parsed value, or a message that says what to write instead. */
export type ValueResult = { ok: true; parsed: ParsedValue } | { ok: false; code: string; message: string };

export type ValueParser = (value: string) => ValueResult;

export interface KeySpec {
  key: string;
  /** one line for docs and messages */
  description: string;
  /** a filled example value, used in `missing-field` messages and fix templates */
  example: string;
  /** may appear more than once in one block */
  repeatable?: boolean;
  /** parses the raw value; absent for free text */
  parse?: ValueParser;
}

export interface KindSpec {
  kind: BlockKind;
  /** the tag as written, `@rateLimit` */
  tag: string;
  /** TSDoc syntax kind for tsdoc.json */
  syntaxKind: 'block' | 'modifier';
  /** whether the text after the tag is required, optional, or not expected */
  head: 'required' | 'optional';
  headDescription: string;
  headExample: string;
  /** an unindented line right after the head line continues the head (TSDoc style) */
  multilineHead: boolean;
  /** validates the head; returns a message saying what to write, or undefined when fine */
  checkHead?: (head: string) => { code: string; message: string } | undefined;
  keys: KeySpec[];
  /** keys that must be present (rateLimit's can be changed through ValidateOptions) */
  required: string[];
  /** one line on what the block is for */
  summary: string;
  /** read by gen-edge-tests rather than the ESLint plugin */
  generator: boolean;
}
