import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BLOCK_KINDS, FIELD_SPECS } from '../src/index';

const here = dirname(fileURLToPath(import.meta.url));
interface TsdocJson {
  noStandardTags: boolean;
  tagDefinitions: { tagName: string; syntaxKind: string; allowMultiple?: boolean }[];
}
const tsdoc = JSON.parse(readFileSync(join(here, '../tsdoc.json'), 'utf8')) as TsdocJson;

/** `@throws` is a standard TSDoc tag: redefining it makes @microsoft/tsdoc-config reject the file. */
const STANDARD = new Set(['@throws']);

describe('tsdoc.json', () => {
  it('keeps the standard tags', () => {
    expect(tsdoc.noStandardTags).toBe(false);
  });

  it('registers every pipeguard tag with the syntax kind of its spec, and nothing else', () => {
    const expected = BLOCK_KINDS.filter((k) => !STANDARD.has(FIELD_SPECS[k].tag)).map((k) => [FIELD_SPECS[k].tag, FIELD_SPECS[k].syntaxKind]);
    expect(tsdoc.tagDefinitions.map((t) => [t.tagName, t.syntaxKind])).toEqual(expected);
  });

  it('tag names are letters only (TSDoc forbids - and .)', () => {
    for (const t of tsdoc.tagDefinitions) expect(t.tagName).toMatch(/^@[a-z][A-Za-z]*$/);
  });
});

describe('tsdoc.json with the real TSDoc parser', () => {
  it('loads without errors and defines every tag, so TSDoc accepts pipeguard blocks', async () => {
    const { TSDocConfigFile } = await import('@microsoft/tsdoc-config');
    const { TSDocConfiguration, TSDocMessageId, TSDocParser } = await import('@microsoft/tsdoc');
    const file = TSDocConfigFile.loadFile(join(here, '../tsdoc.json'));
    expect(file.hasErrors, file.getErrorSummary()).toBe(false);
    const configuration = new TSDocConfiguration();
    file.configureParser(configuration);
    for (const k of BLOCK_KINDS) expect(configuration.tryGetTagDefinition(FIELD_SPECS[k].tag), k).toBeDefined();

    const parser = new TSDocParser(configuration);
    const comment = [
      '/**',
      ' * Enriches orders.',
      ' *',
      ' * @rationale Store money as INTEGER cents, not REAL',
      ' *   why: SQLite REAL is binary floating point',
      ' * @rateLimit anthropic.messages',
      ' *   limit: 50 req/min, 40000 inputTokens/min',
      ' *   retry: retries=3 on=408,429,5xx,network',
      ' * @lineage validate_orders',
      ' *   in: file data/inbox/orders.csv',
      ' * @transform',
      ' * @throws {RangeError} when amount is negative',
      ' */',
    ].join('\n');
    const messages = parser.parseString(comment).log.messages.map((m) => m.messageId);
    expect(messages.filter((id) => id === TSDocMessageId.UndefinedTag)).toEqual([]);
  });
});
