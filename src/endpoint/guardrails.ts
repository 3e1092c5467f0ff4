/**
 * Guardrails: refuse, before anything is created, a candidate whose instance types are not allowed,
 * whose counts or test duration exceed the limits, or whose estimated cost exceeds the ceiling. All
 * violations are reported at once as a `UserInputError` (exit 2, nothing created).
 */
import type { GuardrailsConfig } from '../config/endpoint-schema.js';
import type { LoadConfig } from '../config/load-schema.js';
import { formatDuration } from '../core/duration.js';
import { UserInputError, type InputIssue } from '../core/errors.js';
import { kindCost } from '../cost/kind-cost.js';
import { hourlyPrice, runCostUsd, type HourlyPrice } from '../cost/prices.js';
import type { VariantPlan } from './plan.js';

/**
 * The deploy time the cost estimate assumes: SageMaker real-time deployments usually take 5–10
 * minutes from CreateEndpoint to InService, and instances are billed from when they are provisioned.
 * The estimate takes 10 minutes whatever `deploy.wait-timeout` says: a short wait timeout in a
 * pull request's config must not make an expensive fleet look cheap (a floor, never a cap).
 */
export const ASSUMED_DEPLOY_MS = 10 * 60_000;

/** The limits `checkGuardrails` applies. */
export type PlanLimits = Pick<
  GuardrailsConfig,
  'allowedInstanceTypes' | 'maxInstanceCount' | 'maxCostUsd' | 'maxTestDurationMs'
>;

/** What the cost estimate is made of, for the log and for refusals. */
export interface CostEstimate {
  /** Undefined when some instance type has no known price. */
  totalUsd: number | undefined;
  deployMs: number;
  testMs: number;
  /** One line per priced variant: `AllTraffic: 1 × ml.g5.xlarge at $1.408/h`. */
  lines: string[];
  /** Instance types with no known price. */
  unpriced: string[];
}

export interface GuardrailInput {
  variants: readonly VariantPlan[];
  region: string;
  waitTimeoutMs: number;
  load: Pick<LoadConfig, 'warmupMs' | 'stages'> & Partial<Pick<LoadConfig, 'capacity'>>;
  /** `report.hourly-price`, which overrides the price table for every instance type. */
  hourlyPriceOverrideUsd: number | undefined;
  /**
   * Whether the override came from the base branch or an action input (trusted: it may price below
   * the table). Otherwise a price below the built-in table's is raised to the table's. Default false.
   */
  hourlyPriceTrusted?: boolean | undefined;
  /**
   * How long the candidates stay up for the load, when longer than warm-up plus stages (a paired
   * A/B run alternates every endpoint's blocks one after the other). Default: warm-up plus stages.
   */
  testMs?: number | undefined;
}

/** Warm-up plus every stage (a capacity search: plus its whole budget): how long the load runs. */
function testDurationMs(
  load: Pick<LoadConfig, 'warmupMs' | 'stages'> & Partial<Pick<LoadConfig, 'capacity'>>,
): number {
  if (load.capacity) return load.warmupMs + load.capacity.budgetMs;
  return load.warmupMs + load.stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** Checks the test duration alone (also applies when testing an existing endpoint). */
export function checkTestDuration(
  guardrails: Pick<GuardrailsConfig, 'maxTestDurationMs'>,
  load: GuardrailInput['load'],
): void {
  const issue = testDurationIssue(guardrails, load);
  if (issue) throw new UserInputError(issue, { title: 'Refused by guardrails' });
}

/** Estimates the candidate's cost: price × count × (assumed deploy time + test time), per variant. */
export function estimateCost(input: GuardrailInput): CostEstimate {
  const deployMs = ASSUMED_DEPLOY_MS;
  const testMs = Math.max(testDurationMs(input.load), input.testMs ?? 0);
  const lines: string[] = [];
  const unpriced: string[] = [];
  let totalUsd = 0;
  for (const v of input.variants) {
    if (v.pricing !== undefined) {
      // Serverless and inference components (src/cost/kind-cost.ts).
      const c = kindCost(v.name, v.pricing, input.region, deployMs + testMs, input.hourlyPriceOverrideUsd);
      if (c.usd === undefined) {
        unpriced.push(c.unpriced);
      } else {
        totalUsd += c.usd;
        lines.push(c.line);
      }
      continue;
    }
    if (v.instanceType === undefined) continue; // serverless: billed per request, not per hour
    const price = flooredPrice(v.instanceType, input);
    if (!price) {
      unpriced.push(v.instanceType);
      continue;
    }
    totalUsd += runCostUsd(price.hourlyUsd, v.instanceCount, deployMs + testMs);
    lines.push(
      `${v.name}: ${v.instanceCount} × ${v.instanceType} at $${price.hourlyUsd}/h (${price.source})`,
    );
  }
  return { totalUsd: unpriced.length > 0 ? undefined : totalUsd, deployMs, testMs, lines, unpriced };
}

/** Checks every guardrail against a deploy plan; returns the cost estimate when all pass. */
export function checkGuardrails(guardrails: PlanLimits, input: GuardrailInput): CostEstimate {
  const issues: InputIssue[] = [];
  for (const v of input.variants) {
    const allowed = guardrails.allowedInstanceTypes;
    if (allowed && v.instanceType !== undefined && !allowed.includes(v.instanceType)) {
      issues.push({
        field: v.typeField,
        message: `instance type "${v.instanceType}" (variant ${v.name}) is not allowed; allowed: ${allowed.join(', ')}`,
        fix: 'choose an allowed type, or add it to `guardrails.allowed-instance-types`',
      });
    }
    if (v.instanceCount > guardrails.maxInstanceCount) {
      issues.push({
        field: v.countField,
        message: `${v.instanceCount} instances (variant ${v.name}) exceed the limit of ${guardrails.maxInstanceCount}`,
        fix: 'lower the count, or raise `guardrails.max-instance-count`',
      });
    }
  }
  const durationIssue = testDurationIssue(guardrails, input.load);
  if (durationIssue) issues.push(durationIssue);
  const estimate = estimateCost(input);
  const ceiling = guardrails.maxCostUsd;
  if (ceiling !== undefined) {
    if (estimate.unpriced.length > 0) {
      issues.push({
        field: 'guardrails.max-cost-usd',
        message: `cannot estimate the cost: no price is known for ${estimate.unpriced.join(', ')} in ${input.region}`,
        fix: 'set `report.hourly-price` to the instance price in USD per hour',
      });
    } else if (estimate.totalUsd !== undefined && estimate.totalUsd > ceiling) {
      issues.push({
        field: 'guardrails.max-cost-usd',
        message: `the run is estimated at $${estimate.totalUsd.toFixed(2)}, over the ceiling of $${ceiling} (${describeEstimate(estimate)})`,
        fix: 'use fewer or cheaper instances, shorten the stages, or raise `guardrails.max-cost-usd`',
      });
    }
  }
  if (issues.length > 0)
    throw new UserInputError(issues, { title: 'Refused by guardrails; nothing was created' });
  return estimate;
}

/** `1 × ml.g5.xlarge at $1.408/h for 10m deploy (assumed) + 2m test`. */
export function describeEstimate(estimate: CostEstimate): string {
  return `${estimate.lines.join('; ')} for ${formatDuration(estimate.deployMs)} deploy (assumed) + ${formatDuration(estimate.testMs)} test`;
}

/** The price of one instance: an untrusted override never goes below the built-in table's price. */
function flooredPrice(instanceType: string, input: GuardrailInput): HourlyPrice | undefined {
  const override = hourlyPrice(instanceType, input.region, input.hourlyPriceOverrideUsd);
  if (input.hourlyPriceTrusted || input.hourlyPriceOverrideUsd === undefined) return override;
  const table = hourlyPrice(instanceType, input.region);
  return table && override && table.hourlyUsd > override.hourlyUsd ? table : override;
}

function testDurationIssue(
  guardrails: Pick<GuardrailsConfig, 'maxTestDurationMs'>,
  load: GuardrailInput['load'],
): InputIssue | undefined {
  const durationMs = testDurationMs(load);
  if (durationMs <= guardrails.maxTestDurationMs) return undefined;
  return {
    field: 'load.stages',
    message: `the test lasts ${formatDuration(durationMs)} (warm-up plus stages), over the limit of ${formatDuration(guardrails.maxTestDurationMs)}`,
    fix: 'shorten the stages, or raise `guardrails.max-test-duration`',
  };
}
