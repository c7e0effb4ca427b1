/** The contract rules the kit checks; every failure message starts with `[<rule>]`. */
export type RuleId =
  | 'bin-mode'
  | 'bootstrap-no-node'
  | 'detect-empty-app'
  | 'detect-readonly'
  | 'supply-scope'
  | 'supply-clean-exit'
  | 'config-yml'
  | 'release-yaml'
  | 'manifest-valid'
  | 'default-versions'
  | 'zip-name'
  | 'zip-version'
  | 'zip-manifest'
  | 'zip-contents'
  | 'zip-packaging'
  | 'bundle';

export interface Violation {
  rule: RuleId;
  message: string;
}

/** What one rule found. `skipped` says why a rule could not look (nothing was checked, nothing failed). */
export interface RuleResult {
  rule: RuleId;
  violations: Violation[];
  skipped?: string;
}

export function formatViolation(v: Violation): string {
  return `[${v.rule}] ${v.message}`;
}

export function passed(rule: RuleId): RuleResult {
  return { rule, violations: [] };
}

export function failed(rule: RuleId, ...messages: string[]): RuleResult {
  return { rule, violations: messages.map((message) => ({ rule, message })) };
}

export function skipped(rule: RuleId, reason: string): RuleResult {
  return { rule, violations: [], skipped: reason };
}

/** The violations of several results, one `[rule] message` per line (empty when all passed). */
export function report(results: readonly RuleResult[]): string {
  return results.flatMap((r) => r.violations.map(formatViolation)).join('\n');
}
