/**
 * The limits a run is held to, from three sources: the action's inputs (the workflow), the base
 * branch's config (what was reviewed and merged) and the pull request's own file. The limits in
 * force are the strictest of the three; a pull request that loosens one relative to the base
 * branch is refused (exit 2) naming the field and the base branch's value, before anything exists.
 */
import { formatDuration } from '../core/duration.js';
import type { InputIssue } from '../core/errors.js';
import type { GuardrailsConfig } from '../config/endpoint-schema.js';
import type { Config } from '../config/parse.js';

/** Every limit a source may set; absent = that source says nothing. */
export interface LimitSet {
  maxCostUsd?: number | undefined;
  allowedInstanceTypes?: readonly string[] | undefined;
  maxInstanceCount?: number | undefined;
  maxTestDurationMs?: number | undefined;
  maxUsers?: number | undefined;
  maxArrivalRate?: number | undefined;
  maxWorkers?: number | undefined;
  maxInFlight?: number | undefined;
  /** `guardrails.max-pairs`: most endpoint pairs `compare.pairs` may deploy. */
  maxPairs?: number | undefined;
  /** `report.hourly-price`: lower is looser (the estimate gets cheaper). */
  hourlyPriceUsd?: number | undefined;
  /** `endpoint.deploy.teardown-timeout`: shorter is looser (teardown gives up sooner). */
  teardownTimeoutMs?: number | undefined;
  /** `endpoint.deploy.expires-after`: longer is looser (sweep waits longer). */
  expiresAfterMs?: number | undefined;
}

type Direction = 'max' | 'min';
/** For each numeric limit: the config field and whether a higher value is looser (`max`). */
const NUMERIC: readonly [keyof LimitSet, string, Direction, (v: number) => string][] = [
  ['maxCostUsd', 'guardrails.max-cost-usd', 'max', (v) => `$${v}`],
  ['maxInstanceCount', 'guardrails.max-instance-count', 'max', String],
  ['maxTestDurationMs', 'guardrails.max-test-duration', 'max', formatDuration],
  ['maxUsers', 'guardrails.max-users', 'max', String],
  ['maxArrivalRate', 'guardrails.max-arrival-rate', 'max', (v) => `${v}/s`],
  ['maxWorkers', 'guardrails.max-workers', 'max', String],
  ['maxInFlight', 'guardrails.max-in-flight', 'max', String],
  ['maxPairs', 'guardrails.max-pairs', 'max', String],
  ['hourlyPriceUsd', 'report.hourly-price', 'min', (v) => `$${v}/h`],
  ['teardownTimeoutMs', 'endpoint.deploy.teardown-timeout', 'min', formatDuration],
  ['expiresAfterMs', 'endpoint.deploy.expires-after', 'max', formatDuration],
];

/** The limits of a parsed `guardrails:` section. */
export function guardrailLimits(g: GuardrailsConfig): LimitSet {
  return {
    maxCostUsd: g.maxCostUsd,
    allowedInstanceTypes: g.allowedInstanceTypes,
    maxInstanceCount: g.maxInstanceCount,
    maxTestDurationMs: g.maxTestDurationMs,
    maxUsers: g.maxUsers,
    maxArrivalRate: g.maxArrivalRate,
    maxWorkers: g.maxWorkers,
    maxInFlight: g.maxInFlight,
    maxPairs: g.maxPairs,
  };
}

/** The limits a parsed config sets (defaults included: a default is the value in force). */
export function limitsOf(config: Pick<Config, 'guardrails' | 'report' | 'endpoint'>): LimitSet {
  const deploy = config.endpoint.deploy;
  return {
    ...guardrailLimits(config.guardrails),
    hourlyPriceUsd: config.report.hourlyPriceUsd,
    teardownTimeoutMs: deploy?.teardownTimeoutMs,
    expiresAfterMs: deploy?.expiresAfterMs,
  };
}

/** Where `pr` is looser than `base`: one issue per field, naming the base branch's value. */
export function loosenedIssues(pr: LimitSet, base: LimitSet): InputIssue[] {
  const issues: InputIssue[] = [];
  const fix = 'change the limit on the base branch first; a pull request cannot loosen its own guardrails';
  for (const [key, field, direction, show] of NUMERIC) {
    const b = base[key] as number | undefined;
    if (b === undefined) continue;
    const p = pr[key] as number | undefined;
    if (p === undefined) {
      // An unset hourly price means the table's (never cheaper); an unset teardown/expiry is absent.
      if (key === 'maxCostUsd')
        issues.push({ field, message: `removes the limit; the base branch sets ${show(b)}`, fix });
      continue;
    }
    const looser = direction === 'max' ? p > b : p < b;
    if (looser)
      issues.push({
        field,
        message: `${direction === 'max' ? 'raises' : 'lowers'} the value to ${show(p)}; the base branch has ${show(b)}`,
        fix,
      });
  }
  const baseTypes = base.allowedInstanceTypes;
  if (baseTypes) {
    const added = pr.allowedInstanceTypes
      ? pr.allowedInstanceTypes.filter((t) => !baseTypes.includes(t))
      : ['(any type)'];
    if (added.length > 0)
      issues.push({
        field: 'guardrails.allowed-instance-types',
        message: `widens the list with ${added.join(', ')}; the base branch allows ${baseTypes.join(', ')}`,
        fix,
      });
  }
  return issues;
}

/** The strictest of several limit sets, field by field (an unset field imposes nothing). */
export function strictest(...sets: readonly LimitSet[]): LimitSet {
  const out: LimitSet = {};
  for (const [key, , direction] of NUMERIC) {
    const values = sets.map((s) => s[key] as number | undefined).filter((v): v is number => v !== undefined);
    if (values.length === 0) continue;
    (out as Record<string, number>)[key] = direction === 'max' ? Math.min(...values) : Math.max(...values);
  }
  const lists = sets
    .map((s) => s.allowedInstanceTypes)
    .filter((l): l is readonly string[] => l !== undefined);
  if (lists.length > 0) {
    const [first, ...rest] = lists as [readonly string[], ...(readonly string[])[]];
    out.allowedInstanceTypes = first.filter((t) => rest.every((l) => l.includes(t)));
  }
  return out;
}
