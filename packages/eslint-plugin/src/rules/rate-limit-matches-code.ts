/**
 * `rate-limit-matches-code` (type-checked): a `@rateLimit` block says what the code really configures.
 *
 * @rationale Compare the block with the settings the code passes, resolved through the type checker
 *   why: a block that says `retries=3` over a client that retries twice more by default documents the
 *     wrong number of attempts, and an outer retry around an SDK that still retries multiplies the load on
 *     a rate-limited API ((1+outer)×(1+sdk) attempts). Options are often kept in constants or another
 *     module (`new OpenAI(CLIENT_OPTIONS)`, `import { retryPolicy } from './policies'`), so the rule
 *     follows identifiers with the checker's symbols and reads literal types; cheap checks (is there a
 *     `@rateLimit` block at all?) run first.
 *   alternatives: syntax only (misses every option object held in a constant); running the code (never)
 *   tradeoffs: needs `parserOptions.projectService`; values computed at run time (environment variables)
 *     are not compared
 *
 * Which block a finding is compared with: blocks on one owner (function, class, module) form a group, and
 * a call or setting belongs to the innermost group around it. An SDK call is compared with the group's only
 * block, or with the block whose head names its API (`anthropic.messages` for `client.messages.create`);
 * none when no block names it. A queue, retry policy or timeout serves every API of its group, so it is
 * reported once, and only when no block of the group agrees with it.
 *
 * Library defaults used when an option is not written: openai / @anthropic-ai/sdk `maxRetries` 2 and
 * `timeout` 10 minutes; p-retry `retries` 10, `factor` 2, `minTimeout` 1s, `maxTimeout` Infinity;
 * p-queue `concurrency` Infinity; cockatiel `retry` `maxAttempts` Infinity (it counts retries, not tries),
 * `ExponentialBackoff` `initialDelay` 128ms, `maxDelay` 30s, `exponent` 2.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ESLintUtils } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { formatDuration, formatRate, getRateLimitSpec } from '@pipeguard/doc-blocks';
import type { Block, Field, RateLimitSpec } from '@pipeguard/doc-blocks';
import { getDocIndex } from '../comments/doc-index';
import type { BlockRef, DocIndex } from '../comments/doc-index';
import { sharedExternalCallDetector } from '../detect/external-calls';
import type { ExternalCall } from '../detect/external-calls';
import { CALL_NODE_TYPES, OWNER_NODE_TYPES, forEachScanned } from '../detect/resolve';
import { getSettings } from '../settings';
import { createRule } from '../util/createRule';
import { typescript } from '../util/typescript';
import { addFieldFix } from './lineage-matches-code';

export type Options = [{ checkSdkTimeout?: boolean }];
export type MessageIds = 'mismatch' | 'undocumented' | 'retryMultiplication' | 'updateField' | 'addField';

const SDK_DEFAULT_RETRIES = 2;
const SDK_DEFAULT_TIMEOUT_MS = 600_000;

/** One setting found in code, with the node to report on. */
interface Setting<T> {
  value: T;
  /** false when the library default applies */
  explicit: boolean;
  /** false when the code sets it to something only known at run time (a parameter, an env variable): never compared */
  known: boolean;
  node: TSESTree.Node | undefined;
}

interface SdkUse {
  call: ExternalCall;
  retries: Setting<number>;
  timeout: Setting<number>;
  abortMs?: number;
}

interface OuterRetry {
  kind: 'p-retry' | 'cockatiel';
  node: TSESTree.Node;
  retries: Setting<number>;
  backoff?: { strategy: 'exponential' | 'constant'; initialMs: Setting<number>; factor?: Setting<number>; maxMs?: Setting<number> };
}

interface QueueUse {
  node: TSESTree.Node;
  concurrency: Setting<number>;
  intervalCap?: Setting<number>;
  interval?: Setting<number>;
}

interface TimeoutUse {
  kind: 'cockatiel' | 'AbortSignal.timeout';
  node: TSESTree.Node;
  ms: number;
}

type TsObject = Map<string, ts.Expression>;

/** The @rateLimit blocks written on one owner (a function, a class or the module). */
interface Group {
  owner: TSESTree.Node;
  refs: BlockRef[];
}

type Descriptor = TSESLint.ReportDescriptor<MessageIds>;

export default createRule<Options, MessageIds>({
  name: 'rate-limit-matches-code',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require `@rateLimit` blocks to match the retries, timeouts, backoff, concurrency and limits the code configures (type-checked)',
      recommended: 'recommended',
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      mismatch:
        '`@rateLimit {{api}}` says `{{key}}: {{documented}}` but {{where}} configures {{actual}}. Change the block to `{{key}}: {{suggested}}` or change the code.',
      undocumented:
        '{{where}} configures {{actual}} but `@rateLimit {{api}}` (line {{line}}) has no `{{key}}:` line. Add `{{key}}: {{suggested}}` to the block.',
      retryMultiplication:
        '{{outer}} retries {{outerRetries}} time(s) around `{{callee}}`, whose client still retries {{sdkRetries}} time(s) by default: up to (1+{{outerRetries}})×(1+{{sdkRetries}}) = {{attempts}} attempts per call against a rate-limited API. Pass `maxRetries: 0` to the client and write `sdkRetries: 0` in `@rateLimit {{api}}`.',
      updateField: 'Change the block to `{{key}}: {{suggested}}`.',
      addField: 'Add `{{key}}: {{suggested}}` to `@rateLimit {{api}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkSdkTimeout: {
            type: 'boolean',
            description: "Compare the SDK's (default) per-attempt timeout with `timeout: attempt=` (default true).",
          },
        },
      },
    ],
    defaultOptions: [{ checkSdkTimeout: true }],
  },
  create(context, [options]) {
    const index = getDocIndex(context);
    // cheap first: files without a @rateLimit block have nothing to compare
    if (!index.allDocs().some((d) => d.doc.blocks.some((b) => b.kind === 'rateLimit'))) return {};
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    const settings = getSettings(context);
    // shared with require-rate-limit and keeping each call's answer: a call under nested blocks (module +
    // function), or one require-rate-limit already asked about, is classified once
    const detector = sharedExternalCallDetector(context, { apis: settings.apis, services });
    const owners: TSESTree.Node[] = [];
    const calls: TSESTree.CallExpression[] = [];
    const groups: Group[] = [];
    const emitted = new Set<string>();

    const toTs = (node: TSESTree.Node): ts.Node | undefined => {
      try {
        return services.esTreeNodeToTSNodeMap.get(node);
      } catch {
        return undefined;
      }
    };
    const toEs = (node: ts.Node): TSESTree.Node | undefined => {
      try {
        return services.tsNodeToESTreeNodeMap.get(node);
      } catch {
        return undefined;
      }
    };
    const ev = new Evaluator(checker);

    /** A numeric option of an object, as a Setting (reported on the property when it is in this file). */
    const option = (obj: TsObject | undefined, key: string, fallback: number): Setting<number> => {
      const expr = obj?.get(key);
      const value = expr ? ev.number(expr) : undefined;
      if (expr === undefined) return { value: fallback, explicit: false, known: true, node: undefined };
      if (value === undefined) return { value: fallback, explicit: true, known: false, node: reportable(expr) };
      return { value, explicit: true, known: true, node: reportable(expr) };
    };
    /** The ES node to report for a TS expression: itself when in this file, else undefined (the caller reports the use site). */
    const reportable = (expr: ts.Node): TSESTree.Node | undefined => {
      const parent = expr.parent as ts.Node | undefined;
      const target = parent && typescript.isPropertyAssignment(parent) ? parent : expr;
      return toEs(target);
    };

    return {
      'Program:exit'(program: TSESTree.Program) {
        // the file's functions, classes and calls, in traversal order, from the shared scan list (see forEachScanned)
        forEachScanned(context.sourceCode, OWNER_NODE_TYPES, (node) => owners.push(node));
        forEachScanned(context.sourceCode, CALL_NODE_TYPES, (node) => calls.push(node));
        // every @rateLimit block and the node it documents
        const blocks: { ref: BlockRef; owner: TSESTree.Node }[] = [];
        const seen = new Set<Block>();
        for (const ref of index.moduleBlocks('rateLimit')) {
          seen.add(ref.block);
          blocks.push({ ref, owner: program });
        }
        for (const owner of owners) {
          for (const ref of index.blocksFor(owner, 'rateLimit')) {
            if (seen.has(ref.block)) continue;
            seen.add(ref.block);
            blocks.push({ ref, owner });
          }
        }
        if (blocks.length === 0) return;
        // several blocks on one owner (`@rateLimit openai.chat.completions` + `@rateLimit anthropic.messages`)
        // form one group; groups are checked innermost first, so a setting inside a function with its own
        // block is compared with that block, and each finding is reported once
        for (const { ref, owner } of blocks) {
          const group = groups.find((g) => g.owner === owner);
          if (group) group.refs.push(ref);
          else groups.push({ owner, refs: [ref] });
        }
        groups.sort((a, b) => a.owner.range[1] - a.owner.range[0] - (b.owner.range[1] - b.owner.range[0]));
        // only calls inside a block's owner are classified (lazily, once each: owners may nest)
        for (const group of groups) {
          const pending = new Map<string, { count: number; descriptor: Descriptor }>();
          for (const ref of group.refs) checkBlock(ref, group, pending);
          // a setting shared by several APIs (one queue, one retry policy) is wrong only when no block of the group agrees with it
          for (const [key, { count, descriptor }] of pending) if (count === group.refs.length) emit(key, descriptor);
        }
      },
    };

    /** Reports once per node, message and field, however many blocks found it. */
    function emit(key: string, descriptor: Descriptor): void {
      if (emitted.has(key)) return;
      emitted.add(key);
      context.report(descriptor);
    }

    /** The innermost group whose owner contains the node. */
    function groupOf(node: TSESTree.Node): Group | undefined {
      return groups.find((g) => within(node, g.owner));
    }

    /**
     * The block an SDK call is compared with: the only block of its innermost group, or, when the group has
     * several, the one whose head names the call's API (`anthropic.messages` for `client.messages.create`);
     * none when no block names it.
     */
    function blockForCall(group: Group, ext: ExternalCall): Block | undefined {
      if (group.refs.length === 1) return group.refs[0]?.block;
      const api = ext.api;
      const family = api.split('.')[0] ?? ext.family;
      let best: { score: number; block: Block } | undefined;
      for (const { block } of group.refs) {
        const head = block.head.trim();
        const score = head === api ? 3 : api.startsWith(`${head}.`) || head.startsWith(`${api}.`) ? 2 : head.split('.')[0] === family ? 1 : 0;
        if (score > 0 && (!best || score > best.score)) best = { score, block };
      }
      return best?.block;
    }

    function within(node: TSESTree.Node, owner: TSESTree.Node): boolean {
      return node.range[0] >= owner.range[0] && node.range[1] <= owner.range[1];
    }

    function checkBlock(ref: BlockRef, group: Group, pending: Map<string, { count: number; descriptor: Descriptor }>): void {
      const owner = group.owner;
      const spec = getRateLimitSpec(ref.block);
      const api = ref.block.head || 'api';
      const blockLine = String(index.reportLoc(ref.doc, ref.block.loc).start.line);
      const scopeCalls = calls.filter((c) => within(c, owner));

      // ---- SDK clients (openai, anthropic) covered by this block
      const sdkUses: SdkUse[] = [];
      for (const call of scopeCalls) {
        // cheap syntax checks first, the (possibly typed) classification last
        // `create(…).withResponse()`: a method on the request's promise, the request itself is `create(…)`
        if (call.callee.type === AST_NODE_TYPES.MemberExpression && unwrapEs(call.callee.object).type === AST_NODE_TYPES.CallExpression) continue;
        const callGroup = groupOf(call);
        if (callGroup !== group) continue;
        const ext = detector.check(call);
        if (!ext || (ext.family !== 'openai' && ext.family !== 'anthropic')) continue;
        if (blockForCall(group, ext) !== ref.block) continue;
        sdkUses.push(sdkUse(ext));
      }

      // ---- resilience libraries used in the scope (directly or through constants / imports)
      const candidates = collectCandidates(owner, scopeCalls);
      const outer: OuterRetry[] = [];
      const queues: QueueUse[] = [];
      const timeouts: TimeoutUse[] = [];
      for (const { expr, useSite } of candidates) if (groupOf(useSite) === group) recognise(expr, useSite, outer, queues, timeouts);

      /**
       * `perCall`: a finding about one SDK call, compared with this block only. Otherwise a setting of the
       * scope (queue, retry policy, timeout) that every block of the group sees: kept until each block has
       * been checked, reported only when none of them agrees with it.
       */
      const makeReport =
        (perCall: boolean) =>
        (node: TSESTree.Node | undefined, fallback: TSESTree.Node, messageId: 'mismatch' | 'undocumented', data: Record<string, string>, fix?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix): void => {
          const at = node ?? fallback;
          const full = { api, line: blockLine, ...data };
          const descriptor: Descriptor = {
            node: at,
            messageId,
            data: full,
            ...(fix ? { suggest: [{ messageId: messageId === 'mismatch' ? ('updateField' as const) : ('addField' as const), data: full, fix }] } : {}),
          };
          const key = `${at.range[0]}:${at.range[1]}:${messageId}:${data['key'] ?? ''}`;
          if (perCall) {
            emit(key, descriptor);
            return;
          }
          const seenBefore = pending.get(key);
          if (seenBefore) seenBefore.count += 1;
          else pending.set(key, { count: 1, descriptor });
        };
      const reportCall = makeReport(true);
      const report = makeReport(false);
      const field = (key: string): Field | undefined => ref.block.fields.find((f) => f.key === key);
      const updateFix = (key: string, newValue: string) => {
        const f = field(key);
        return f ? replaceFieldValue(index, ref, f, newValue) : undefined;
      };
      const addFix = (key: string, value: string) => addFieldFix(index, ref, `${key}: ${value}`);

      // ---- SDK retries, multiplication and timeouts
      const firstOuter = outer[0];
      for (const use of sdkUses) {
        const where = `\`${use.call.callee}\``;
        if (use.retries.known && spec.sdkRetries !== undefined && spec.sdkRetries !== use.retries.value) {
          const actual = `${use.retries.value} SDK retr${use.retries.value === 1 ? 'y' : 'ies'}${use.retries.explicit ? '' : ' (the SDK default)'}`;
          reportCall(use.retries.node, use.call.node, 'mismatch', { key: 'sdkRetries', documented: String(spec.sdkRetries), where, actual, suggested: String(use.retries.value) }, updateFix('sdkRetries', String(use.retries.value)));
        }
        if (firstOuter && firstOuter.retries.known && use.retries.known && !use.retries.explicit && use.retries.value > 0) {
          const outerRetries = firstOuter.retries.value;
          const attempts = Number.isFinite(outerRetries) ? String((1 + outerRetries) * (1 + use.retries.value)) : 'unbounded';
          emit(`${use.call.node.range[0]}:${use.call.node.range[1]}:retryMultiplication`, {
            node: use.call.node,
            messageId: 'retryMultiplication',
            data: {
              outer: firstOuter.kind === 'p-retry' ? '`pRetry`' : "cockatiel's `retry`",
              outerRetries: Number.isFinite(outerRetries) ? String(outerRetries) : 'unbounded',
              callee: use.call.callee,
              sdkRetries: String(use.retries.value),
              attempts,
              api,
            },
          });
        }
        if (!firstOuter && use.retries.known && spec.retry && spec.sdkRetries === undefined && spec.retry.retries !== use.retries.value) {
          const actual = `${use.retries.value} retr${use.retries.value === 1 ? 'y' : 'ies'}${use.retries.explicit ? '' : ' (the SDK default)'}`;
          const suggested = replaceToken(field('retry')?.value ?? '', 'retries', String(use.retries.value));
          reportCall(use.retries.node, use.call.node, 'mismatch', { key: 'retry', documented: field('retry')?.value ?? '', where, actual, suggested }, updateFix('retry', suggested));
        }
        if (options.checkSdkTimeout !== false && use.timeout.known && spec.timeout?.attemptMs !== undefined) {
          const documented = spec.timeout.attemptMs;
          const ok = documented === use.timeout.value || (use.abortMs !== undefined && documented === use.abortMs);
          if (!ok) {
            const actual = `a ${formatDuration(use.timeout.value)} per-attempt timeout${use.timeout.explicit ? '' : ' (the SDK default)'}`;
            const suggested = replaceToken(field('timeout')?.value ?? '', 'attempt', formatDuration(use.timeout.value));
            reportCall(use.timeout.node, use.call.node, 'mismatch', { key: 'timeout', documented: field('timeout')?.value ?? '', where, actual, suggested }, updateFix('timeout', suggested));
          }
        }
      }

      // ---- outer retry (p-retry, cockatiel) vs retry: and backoff:
      for (const o of outer) {
        const where = o.kind === 'p-retry' ? '`pRetry`' : "cockatiel's `retry`";
        const retriesText = Number.isFinite(o.retries.value) ? String(o.retries.value) : 'unbounded';
        if (!spec.retry) {
          if (field('retry') === undefined && o.retries.known) {
            report(o.retries.node, o.node, 'undocumented', { key: 'retry', where, actual: `${retriesText} retries`, suggested: `retries=${retriesText}` }, addFix('retry', `retries=${retriesText}`));
          }
        } else if (o.retries.known && spec.retry.retries !== o.retries.value) {
          const suggested = replaceToken(field('retry')?.value ?? '', 'retries', retriesText);
          report(o.retries.node, o.node, 'mismatch', {
            key: 'retry',
            documented: field('retry')?.value ?? '',
            where,
            actual: `${retriesText} retries${o.retries.explicit ? '' : ` (the ${o.kind} default)`}`,
            suggested,
          }, updateFix('retry', suggested));
        }
        if (o.backoff) checkBackoff(o, where, spec, report, field, updateFix, addFix);
      }

      // ---- p-queue vs concurrency: and limit:
      for (const q of queues) {
        if (q.concurrency.known && Number.isFinite(q.concurrency.value)) {
          if (spec.concurrency === undefined) {
            if (field('concurrency') === undefined) {
              report(q.concurrency.node, q.node, 'undocumented', { key: 'concurrency', where: '`PQueue`', actual: `concurrency ${q.concurrency.value}`, suggested: String(q.concurrency.value) }, addFix('concurrency', String(q.concurrency.value)));
            }
          } else if (spec.concurrency !== q.concurrency.value) {
            report(q.concurrency.node, q.node, 'mismatch', { key: 'concurrency', documented: String(spec.concurrency), where: '`PQueue`', actual: `concurrency ${q.concurrency.value}`, suggested: String(q.concurrency.value) }, updateFix('concurrency', String(q.concurrency.value)));
          }
        }
        if (q.intervalCap?.known === true && q.interval?.known === true && Number.isFinite(q.intervalCap.value) && q.interval.value > 0) {
          const rate = formatRate({ amount: q.intervalCap.value, unit: 'req', windowMs: q.interval.value });
          const reqLimits = spec.limits.filter((l) => l.unit === 'req');
          const node = q.intervalCap.node ?? q.node;
          if (reqLimits.length === 0) {
            if (field('limit') === undefined) {
              report(node, q.node, 'undocumented', { key: 'limit', where: '`PQueue`', actual: `at most ${rate}`, suggested: rate }, addFix('limit', rate));
            } else {
              report(node, q.node, 'mismatch', { key: 'limit', documented: field('limit')?.value ?? '', where: '`PQueue`', actual: `at most ${rate}`, suggested: `${field('limit')?.value ?? ''}, ${rate}` });
            }
          } else if (!reqLimits.some((l) => l.amount * q.interval!.value === q.intervalCap!.value * l.windowMs)) {
            report(node, q.node, 'mismatch', { key: 'limit', documented: reqLimits.map(formatRate).join(', '), where: '`PQueue`', actual: `at most ${rate}`, suggested: rate });
          }
        }
      }

      // ---- cockatiel timeout(ms) and AbortSignal.timeout(ms) vs timeout:
      for (const t of timeouts) {
        const where = t.kind === 'cockatiel' ? "cockatiel's `timeout`" : '`AbortSignal.timeout`';
        if (!spec.timeout) {
          if (field('timeout') === undefined) {
            report(t.node, t.node, 'undocumented', { key: 'timeout', where, actual: `a ${formatDuration(t.ms)} timeout`, suggested: `attempt=${formatDuration(t.ms)}` }, addFix('timeout', `attempt=${formatDuration(t.ms)}`));
          }
        } else if (spec.timeout.attemptMs !== t.ms && spec.timeout.totalMs !== t.ms) {
          const suggested = replaceToken(field('timeout')?.value ?? '', spec.timeout.attemptMs !== undefined || spec.timeout.totalMs === undefined ? 'attempt' : 'total', formatDuration(t.ms));
          report(t.node, t.node, 'mismatch', { key: 'timeout', documented: field('timeout')?.value ?? '', where, actual: `a ${formatDuration(t.ms)} timeout`, suggested }, updateFix('timeout', suggested));
        }
      }
    }

    function checkBackoff(
      o: OuterRetry,
      where: string,
      spec: RateLimitSpec,
      report: (node: TSESTree.Node | undefined, fallback: TSESTree.Node, messageId: 'mismatch' | 'undocumented', data: Record<string, string>, fix?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) => void,
      field: (key: string) => Field | undefined,
      updateFix: (key: string, value: string) => ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined,
      addFix: (key: string, value: string) => (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix,
    ): void {
      const b = o.backoff!;
      const codeText = [
        b.strategy,
        `initial=${formatDuration(b.initialMs.value)}`,
        ...(b.factor ? [`factor=${b.factor.value}`] : []),
        ...(b.maxMs && Number.isFinite(b.maxMs.value) ? [`max=${formatDuration(b.maxMs.value)}`] : []),
      ].join(' ');
      if (!spec.backoff) {
        const allKnown = b.initialMs.known && b.factor?.known !== false && b.maxMs?.known !== false;
        if (field('backoff') === undefined && allKnown) report(b.initialMs.node, o.node, 'undocumented', { key: 'backoff', where, actual: `${codeText} backoff`, suggested: codeText }, addFix('backoff', codeText));
        return;
      }
      const diffs: { node: TSESTree.Node | undefined; text: string }[] = [];
      if (spec.backoff.strategy !== b.strategy) diffs.push({ node: o.node, text: `${b.strategy} backoff` });
      if (b.initialMs.known && spec.backoff.initialMs !== undefined && spec.backoff.initialMs !== b.initialMs.value) diffs.push({ node: b.initialMs.node, text: `an initial delay of ${formatDuration(b.initialMs.value)}` });
      if (b.factor?.known === true && spec.backoff.factor !== undefined && spec.backoff.factor !== b.factor.value) diffs.push({ node: b.factor.node, text: `factor ${b.factor.value}` });
      if (b.maxMs?.known === true && spec.backoff.maxMs !== undefined && spec.backoff.maxMs !== b.maxMs.value) {
        diffs.push({ node: b.maxMs.node, text: Number.isFinite(b.maxMs.value) ? `a maximum delay of ${formatDuration(b.maxMs.value)}` : 'no maximum delay' });
      }
      if (diffs.length === 0) return;
      const first = diffs[0]!;
      report(first.node, o.node, 'mismatch', { key: 'backoff', documented: field('backoff')?.value ?? '', where, actual: diffs.map((d) => d.text).join(', '), suggested: codeText }, updateFix('backoff', codeText));
    }

    function sdkUse(ext: ExternalCall): SdkUse {
      const client = clientOptionsOf(ext);
      const tsCall = toTs(ext.node);
      const requestArg = tsCall && typescript.isCallExpression(tsCall) ? tsCall.arguments[1] : undefined;
      const request = requestArg ? ev.object(requestArg) : undefined;
      const pick = (key: string, fallback: number): Setting<number> => {
        const fromRequest = option(request, key, fallback);
        if (fromRequest.explicit) return fromRequest;
        // a client whose construction we cannot see (a parameter, a factory): its options are unknown
        if (!client) return { value: fallback, explicit: false, known: false, node: undefined };
        return option(client, key, fallback);
      };
      const use: SdkUse = { call: ext, retries: pick('maxRetries', SDK_DEFAULT_RETRIES), timeout: pick('timeout', SDK_DEFAULT_TIMEOUT_MS) };
      const signal = request?.get('signal');
      const abortMs = signal ? abortSignalTimeout(signal) : undefined;
      if (abortMs !== undefined) use.abortMs = abortMs;
      return use;
    }

    /** The client's constructor options: `new OpenAI({…})` in this file, or followed through identifiers / fields. */
    function clientOptionsOf(ext: ExternalCall): TsObject | undefined {
      if (ext.clientOptions) {
        const tsNode = toTs(ext.clientOptions);
        if (tsNode && typescript.isExpression(tsNode)) return ev.object(tsNode);
      }
      // follow the receiver chain down to its base and resolve the base to a `new X(…)`
      const callee = toTs(ext.node.callee);
      let current: ts.Node | undefined = callee;
      for (let guard = 0; current && guard < 20; guard++) {
        const constructed = ev.construction(current);
        if (constructed) {
          const arg = constructed.arguments?.[0];
          return arg ? ev.object(arg) : new Map();
        }
        if (typescript.isPropertyAccessExpression(current) || typescript.isElementAccessExpression(current)) current = current.expression;
        else if (typescript.isCallExpression(current)) current = current.expression;
        else if (typescript.isParenthesizedExpression(current) || typescript.isNonNullExpression(current) || typescript.isAsExpression(current)) current = current.expression;
        else break;
      }
      return undefined;
    }

    /** `AbortSignal.timeout(ms)` (possibly through a constant). */
    function abortSignalTimeout(expr: ts.Expression): number | undefined {
      const e = ev.resolve(expr);
      if (!e || !typescript.isCallExpression(e)) return undefined;
      const callee = e.expression;
      if (!typescript.isPropertyAccessExpression(callee) || callee.name.text !== 'timeout' || !typescript.isIdentifier(callee.expression) || callee.expression.text !== 'AbortSignal') return undefined;
      const arg = e.arguments[0];
      return arg ? ev.number(arg) : undefined;
    }

    /** Calls in the scope, plus the initializers of identifiers the scope uses (module constants, imports). */
    function collectCandidates(owner: TSESTree.Node, scopeCalls: TSESTree.CallExpression[]): { expr: ts.Expression; useSite: TSESTree.Node }[] {
      const out: { expr: ts.Expression; useSite: TSESTree.Node }[] = [];
      const seen = new Set<ts.Node>();
      const push = (expr: ts.Expression | undefined, useSite: TSESTree.Node, depth: number): void => {
        if (!expr || seen.has(expr) || depth > 3) return;
        seen.add(expr);
        out.push({ expr, useSite });
        // cockatiel wrap(a, b) and similar: follow identifier arguments
        const e = unwrapTs(expr);
        if (typescript.isCallExpression(e) || typescript.isNewExpression(e)) {
          for (const arg of e.arguments ?? []) {
            const inner = unwrapTs(arg);
            if (typescript.isCallExpression(inner) || typescript.isNewExpression(inner)) {
              push(inner, useSite, depth + 1);
              continue;
            }
            const target = typescript.isIdentifier(inner) || typescript.isPropertyAccessExpression(inner) ? ev.resolve(inner) : undefined;
            if (target && target !== inner) push(target, useSite, depth + 1);
          }
        }
      };
      for (const call of scopeCalls) {
        const t = toTs(call);
        if (t && typescript.isCallExpression(t)) push(t, call, 0);
        // `policy.execute(…)`, `queue.add(…)`: the receiver's initializer
        if (call.callee.type === AST_NODE_TYPES.MemberExpression) {
          const receiver = toTs(call.callee.object);
          if (receiver && typescript.isExpression(receiver)) {
            const init = ev.resolve(receiver);
            if (init && init !== receiver) push(init, call, 1);
          }
        }
      }
      // constructions in the scope that are not calls (`new PQueue(…)` assigned to a local)
      const tsOwner = toTs(owner);
      if (tsOwner) {
        const visit = (node: ts.Node): void => {
          if (typescript.isNewExpression(node)) {
            const es = toEs(node);
            if (es) push(node, es, 0);
          }
          typescript.forEachChild(node, visit);
        };
        visit(tsOwner);
      }
      return out;
    }

    function recognise(expr: ts.Expression, useSite: TSESTree.Node, outer: OuterRetry[], queues: QueueUse[], timeouts: TimeoutUse[]): void {
      const e = unwrapTs(expr);
      const reportNode = toEs(e) ?? useSite;
      if (typescript.isCallExpression(e)) {
        const origin = ev.importOf(e.expression);
        if (origin?.module === 'p-retry' && origin.name === 'default') {
          const opts = e.arguments[1] ? ev.object(e.arguments[1]) : undefined;
          outer.push({
            kind: 'p-retry',
            node: reportNode,
            retries: option(opts, 'retries', 10),
            backoff: { strategy: 'exponential', initialMs: option(opts, 'minTimeout', 1000), factor: option(opts, 'factor', 2), maxMs: option(opts, 'maxTimeout', Infinity) },
          });
          return;
        }
        if (origin?.module === 'cockatiel' && origin.name === 'retry') {
          const opts = e.arguments[1] ? ev.object(e.arguments[1]) : undefined;
          const retry: OuterRetry = { kind: 'cockatiel', node: reportNode, retries: option(opts, 'maxAttempts', Infinity) };
          const backoffExpr = opts?.get('backoff');
          const backoff = backoffExpr ? ev.resolve(backoffExpr) : undefined;
          if (backoff && typescript.isNewExpression(backoff)) {
            const kind = ev.importOf(backoff.expression);
            if (kind?.module === 'cockatiel' && kind.name === 'ExponentialBackoff') {
              const bo = backoff.arguments?.[0] ? ev.object(backoff.arguments[0]) : undefined;
              retry.backoff = { strategy: 'exponential', initialMs: option(bo, 'initialDelay', 128), factor: option(bo, 'exponent', 2), maxMs: option(bo, 'maxDelay', 30_000) };
            } else if (kind?.module === 'cockatiel' && kind.name === 'ConstantBackoff') {
              const ms = backoff.arguments?.[0];
              const value = ms ? ev.number(ms) : undefined;
              retry.backoff = { strategy: 'constant', initialMs: value === undefined ? { value: 0, explicit: true, known: false, node: undefined } : { value, explicit: true, known: true, node: ms ? reportable(ms) : undefined } };
            }
          }
          outer.push(retry);
          return;
        }
        if (origin?.module === 'cockatiel' && origin.name === 'timeout') {
          const ms = e.arguments[0] ? ev.number(e.arguments[0]) : undefined;
          if (ms !== undefined) timeouts.push({ kind: 'cockatiel', node: reportNode, ms });
          return;
        }
        const ms = abortSignalTimeout(e);
        if (ms !== undefined && !isSdkRequestSignal(e)) timeouts.push({ kind: 'AbortSignal.timeout', node: reportNode, ms });
        return;
      }
      if (typescript.isNewExpression(e)) {
        const origin = ev.importOf(e.expression);
        if (origin?.module === 'p-queue' && (origin.name === 'default' || origin.name === 'PQueue')) {
          const opts = e.arguments?.[0] ? ev.object(e.arguments[0]) : undefined;
          const q: QueueUse = { node: reportNode, concurrency: option(opts, 'concurrency', Infinity) };
          const cap = option(opts, 'intervalCap', Infinity);
          const interval = option(opts, 'interval', 0);
          if (cap.explicit) q.intervalCap = cap;
          if (interval.explicit) q.interval = interval;
          queues.push(q);
        }
      }
    }

    /** `signal: AbortSignal.timeout(…)` passed to an SDK request is handled with the SDK call. */
    function isSdkRequestSignal(e: ts.Node): boolean {
      const parent = e.parent as ts.Node | undefined;
      if (!parent || !typescript.isPropertyAssignment(parent) || parent.name.getText() !== 'signal') return false;
      const objectLiteral = parent.parent as ts.Node | undefined;
      const call = objectLiteral?.parent;
      if (!call || !typescript.isCallExpression(call)) return false;
      const es = toEs(call);
      if (es?.type !== AST_NODE_TYPES.CallExpression) return false;
      const family = detector.check(es)?.family;
      return family === 'openai' || family === 'anthropic';
    }
  },
});

function unwrapEs(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (n.type === AST_NODE_TYPES.TSNonNullExpression || n.type === AST_NODE_TYPES.TSAsExpression || n.type === AST_NODE_TYPES.ChainExpression || n.type === AST_NODE_TYPES.AwaitExpression) {
    n = n.type === AST_NODE_TYPES.AwaitExpression ? n.argument : n.expression;
  }
  return n;
}

function unwrapTs(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (typescript.isParenthesizedExpression(e) || typescript.isAsExpression(e) || typescript.isSatisfiesExpression(e) || typescript.isNonNullExpression(e) || typescript.isAwaitExpression(e) || typescript.isTypeAssertionExpression(e)) {
    e = e.expression;
  }
  return e;
}

/** Reads constant values through the type checker: literals, arithmetic, constants, imports, literal types. */
class Evaluator {
  constructor(private readonly checker: ts.TypeChecker) {}

  /** The declaration an identifier or property access refers to, following import aliases. */
  private declarationOf(expr: ts.Expression): ts.Declaration | undefined {
    let symbol: ts.Symbol | undefined;
    try {
      symbol = this.checker.getSymbolAtLocation(typescript.isPropertyAccessExpression(expr) ? expr.name : expr);
      if (symbol && symbol.flags & typescript.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    } catch {
      return undefined;
    }
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  }

  /** An identifier / property access → the expression it holds (one `const` / property level at a time). */
  resolve(expr: ts.Expression, depth = 0): ts.Expression | undefined {
    const e = unwrapTs(expr);
    if (depth > 5) return e;
    if (typescript.isIdentifier(e) || typescript.isPropertyAccessExpression(e)) {
      const decl = this.declarationOf(e);
      if (decl && (typescript.isVariableDeclaration(decl) || typescript.isPropertyDeclaration(decl)) && decl.initializer) {
        if (typescript.isVariableDeclaration(decl) && typescript.isVariableDeclarationList(decl.parent) && !(decl.parent.flags & typescript.NodeFlags.Const) && !typescript.isPropertyDeclaration(decl)) {
          // a `let` may be reassigned: only trust it when its type is a literal (handled by number())
          return e;
        }
        return this.resolve(decl.initializer, depth + 1);
      }
      if (decl && typescript.isPropertyDeclaration(decl) && !decl.initializer) {
        // `private client: OpenAI;` assigned once in the constructor: `this.client = new OpenAI(…)`
        const assigned = constructorAssignment(decl);
        if (assigned) return this.resolve(assigned, depth + 1);
      }
      if (decl && typescript.isPropertyAssignment(decl)) return this.resolve(decl.initializer, depth + 1);
      if (decl && typescript.isShorthandPropertyAssignment(decl)) return this.resolve(decl.name, depth + 1);
      return e;
    }
    return e;
  }

  number(expr: ts.Expression, depth = 0): number | undefined {
    if (depth > 8) return undefined;
    const e = unwrapTs(expr);
    if (typescript.isNumericLiteral(e)) return Number(e.text.replace(/_/g, ''));
    if (typescript.isPrefixUnaryExpression(e) && e.operator === typescript.SyntaxKind.MinusToken) {
      const v = this.number(e.operand, depth + 1);
      return v === undefined ? undefined : -v;
    }
    if (typescript.isBinaryExpression(e)) {
      const l = this.number(e.left, depth + 1);
      const r = this.number(e.right, depth + 1);
      if (l === undefined || r === undefined) return undefined;
      switch (e.operatorToken.kind) {
        case typescript.SyntaxKind.AsteriskToken:
          return l * r;
        case typescript.SyntaxKind.PlusToken:
          return l + r;
        case typescript.SyntaxKind.MinusToken:
          return l - r;
        case typescript.SyntaxKind.SlashToken:
          return r === 0 ? undefined : l / r;
        default:
          return undefined;
      }
    }
    if (typescript.isIdentifier(e) && e.text === 'Infinity') return Infinity;
    if (typescript.isPropertyAccessExpression(e) && typescript.isIdentifier(e.expression) && e.expression.text === 'Number' && e.name.text === 'POSITIVE_INFINITY') return Infinity;
    if (typescript.isIdentifier(e) || typescript.isPropertyAccessExpression(e)) {
      const resolved = this.resolve(e);
      if (resolved && resolved !== e) return this.number(resolved, depth + 1);
    }
    // literal types (`as const`, `declare const X: 30000`, enum members)
    try {
      const type = this.checker.getTypeAtLocation(e);
      if (type.isNumberLiteral()) return type.value;
    } catch {
      return undefined;
    }
    return undefined;
  }

  /** An object literal (through constants, spreads and imports) as key → value expression. */
  object(expr: ts.Expression, depth = 0): TsObject | undefined {
    if (depth > 5) return undefined;
    const e = this.resolve(expr);
    if (!e || !typescript.isObjectLiteralExpression(e)) return undefined;
    const out: TsObject = new Map();
    for (const prop of e.properties) {
      if (typescript.isPropertyAssignment(prop)) {
        const name = propName(prop.name);
        if (name !== undefined) out.set(name, prop.initializer);
      } else if (typescript.isShorthandPropertyAssignment(prop)) {
        out.set(prop.name.text, prop.name);
      } else if (typescript.isSpreadAssignment(prop)) {
        const inner = this.object(prop.expression, depth + 1);
        if (inner) for (const [k, v] of inner) out.set(k, v);
      }
    }
    return out;
  }

  /** `new X(…)` that an expression is, or holds (through constants and class fields). */
  construction(expr: ts.Node): ts.NewExpression | undefined {
    if (!typescript.isExpression(expr)) return undefined;
    const e = this.resolve(expr);
    return e && typescript.isNewExpression(e) ? e : undefined;
  }

  /** Which module and export an identifier (or `ns.name`) was imported from. */
  importOf(expr: ts.Expression): { module: string; name: string } | undefined {
    const e = unwrapTs(expr);
    const id = typescript.isIdentifier(e) ? e : typescript.isPropertyAccessExpression(e) && typescript.isIdentifier(e.expression) ? e.expression : undefined;
    if (!id) return undefined;
    let symbol: ts.Symbol | undefined;
    try {
      symbol = this.checker.getSymbolAtLocation(id);
    } catch {
      return undefined;
    }
    const decl = symbol?.declarations?.[0];
    if (!decl) return undefined;
    const member = typescript.isPropertyAccessExpression(e) ? e.name.text : undefined;
    if (typescript.isImportClause(decl)) return { module: moduleText(decl.parent.moduleSpecifier), name: member ?? 'default' };
    if (typescript.isImportSpecifier(decl)) {
      const imported = (decl.propertyName ?? decl.name).text;
      return { module: moduleText(decl.parent.parent.parent.moduleSpecifier), name: member ?? imported };
    }
    if (typescript.isNamespaceImport(decl)) return { module: moduleText(decl.parent.parent.moduleSpecifier), name: member ?? '*' };
    return undefined;
  }
}

/** The single `this.<name> = value` in the constructor of the property's class, if there is exactly one. */
function constructorAssignment(decl: ts.PropertyDeclaration): ts.Expression | undefined {
  const cls = decl.parent;
  if (!typescript.isClassLike(cls) || !typescript.isIdentifier(decl.name)) return undefined;
  const name = decl.name.text;
  const ctor = cls.members.find((m): m is ts.ConstructorDeclaration => typescript.isConstructorDeclaration(m) && m.body !== undefined);
  if (!ctor?.body) return undefined;
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (
      typescript.isBinaryExpression(node) &&
      node.operatorToken.kind === typescript.SyntaxKind.EqualsToken &&
      typescript.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === typescript.SyntaxKind.ThisKeyword &&
      node.left.name.text === name
    ) {
      found.push(node.right);
    }
    if (!typescript.isFunctionLike(node) || node === ctor) typescript.forEachChild(node, visit);
  };
  visit(ctor);
  return found.length === 1 ? found[0] : undefined;
}

function moduleText(spec: ts.Expression): string {
  return typescript.isStringLiteral(spec) ? spec.text : '';
}

function propName(name: ts.PropertyName): string | undefined {
  if (typescript.isIdentifier(name) || typescript.isStringLiteral(name) || typescript.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** `retries=2 on=429` with `retries` → `retries=5 on=429` (appended when missing). */
function replaceToken(value: string, key: string, next: string): string {
  const re = new RegExp(`(^|\\s)${key}=\\S+`);
  if (re.test(value)) return value.replace(re, `$1${key}=${next}`);
  return value.trim() === '' ? `${key}=${next}` : `${value.trim()} ${key}=${next}`;
}

/** Replaces a one-line field's value in the comment. */
function replaceFieldValue(index: DocIndex, ref: BlockRef, field: Field, value: string): ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined {
  if (field.valueLoc.start.line !== field.valueLoc.end.line) return undefined;
  const base = ref.doc.comment.range[0];
  const range: [number, number] = [base + field.valueLoc.start.offset, base + field.valueLoc.end.offset];
  return (fixer) => fixer.replaceTextRange(range, value);
}
