/**
 * `RuleTester.run` with our rules' own message-id and option types.
 *
 * @rationale Cast the rule object, never the test cases
 *   why: @typescript-eslint/rule-tester's newest release (8.72) lags behind @typescript-eslint/utils (8.74)
 *     that the rules are built with, so the two `RuleModule` types differ only by version. Casting the rule
 *     keeps every valid/invalid case checked against the rule's real MessageIds and Options.
 *   alternatives: pin utils to 8.72 (holds the published plugin back); cast each test file's cases (no checking)
 *   tradeoffs: remove this helper when rule-tester catches up
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import type { RuleTesterConfig, RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';

export function createRuleTester(config?: RuleTesterConfig): {
  run<MessageIds extends string, Options extends readonly unknown[]>(
    name: string,
    rule: TSESLint.RuleModule<MessageIds, Options, unknown>,
    tests: RunTests<MessageIds, Options>,
  ): void;
} {
  const tester = new RuleTester(config);
  return {
    run(name, rule, tests) {
      tester.run(name, rule as never, tests);
    },
  };
}
