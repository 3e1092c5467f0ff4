/**
 * The instance comparison (`endpoint.deploy.instance-types` with `load.mode: capacity`): the capacity
 * search on a candidate of each type, one after another within the job — each deployed, searched and
 * torn down (the ordinary measure path) before the next is created. The guardrails and the cost
 * ceiling are checked on the whole set before anything is created: every type must be allowed, and
 * the estimate is the sum over the types. The result judged and published is the recommended type's,
 * carrying the `comparison` rows of every type.
 */
import type { DeployConfig } from '../config/endpoint-schema.js';
import type { Config } from '../config/parse.js';
import type { Logger } from '../core/logger.js';
import { comparisonRows } from '../cost/comparison-rows.js';
import { checkGuardrails, describeEstimate } from '../endpoint/guardrails.js';
import { planDeployment, type VariantPlan } from '../endpoint/plan.js';
import type { RunIdentity } from '../endpoint/run-identity.js';
import type { ComparisonRow } from '../result/comparison-schema.js';
import { measure, type MeasureDeps, type Measurement } from './measure.js';

export { comparisonRows, type MeasuredType } from '../cost/comparison-rows.js';

/** The config of one type's candidate: `instance-type` set, `instance-types` dropped. */
function configForType(config: Config, instanceType: string): Config {
  const deploy = config.endpoint.deploy;
  if (!deploy) throw new Error('configForType needs endpoint.deploy');
  return { ...config, endpoint: { ...config.endpoint, deploy: deployForType(deploy, instanceType) } };
}

function deployForType(deploy: DeployConfig, instanceType: string): DeployConfig {
  const { instanceTypes: _dropped, ...rest } = deploy;
  return { ...rest, instanceType };
}

/** The run identity of the i-th type's candidate: its own leg, so the names never collide. */
function runForType(run: RunIdentity, index: number): RunIdentity {
  return { ...run, leg: `${run.leg ?? ''}t${index + 1}` };
}

/** Measures every type in turn and returns the recommended type's measurement with `comparison`. */
export async function measureInstanceComparison(config: Config, deps: MeasureDeps): Promise<Measurement> {
  const types = config.endpoint.deploy?.instanceTypes;
  if (!types || !config.load.capacity)
    throw new Error('measureInstanceComparison needs deploy.instance-types and load.mode: capacity');
  const counts = await deps.logger.group('Plan the instance comparison', () =>
    checkTheSet(config, types, deps),
  );
  const measured: { type: string; count: number; measurement: Measurement }[] = [];
  for (const [i, type] of types.entries()) {
    deps.logger.info(`Instance comparison ${i + 1}/${types.length}: ${type}.`);
    const measurement = await measure(configForType(config, type), { ...deps, run: runForType(deps.run, i) });
    measured.push({ type, count: counts[i] ?? 1, measurement });
  }
  const rows = comparisonRows(
    measured.map((m) => ({ instanceType: m.type, instanceCount: m.count, result: m.measurement.result })),
    config,
  );
  logComparison(rows, deps.logger);
  const chosen =
    measured[
      Math.max(
        0,
        rows.findIndex((r) => r.recommended),
      )
    ] ?? measured[0];
  if (!chosen) throw new Error('no instance type was measured');
  return { ...chosen.measurement, result: { ...chosen.measurement.result, comparison: rows } };
}

/**
 * Plans every type's candidate (nothing is created) and checks the guardrails on all of them together:
 * each type allowed, each count within the limit, the whole set's test time and estimated cost (the
 * sum over the types) within the limits. Returns the instance count of each type's candidate.
 */
async function checkTheSet(config: Config, types: readonly string[], deps: MeasureDeps): Promise<number[]> {
  const deploy = config.endpoint.deploy;
  const capacity = config.load.capacity;
  if (!deploy || !capacity) throw new Error('checkTheSet needs deploy and load.capacity');
  const variants: VariantPlan[] = [];
  const counts: number[] = [];
  for (const [i, type] of types.entries()) {
    const plan = await planDeployment(deployForType(deploy, type), {
      ...deps,
      run: runForType(deps.run, i),
      region: config.region,
      nowMs: deps.clock.nowMs(),
      sleep: (ms) => deps.clock.sleep(ms),
      scenario: config.scenario,
    });
    const typed = plan.variants.map((v) =>
      v.instanceType === type ? { ...v, typeField: 'endpoint.deploy.instance-types' } : v,
    );
    variants.push(...typed);
    counts.push(typed.find((v) => v.instanceType === type)?.instanceCount ?? 1);
  }
  const n = types.length;
  const estimate = checkGuardrails(config.guardrails, {
    variants,
    region: config.region,
    waitTimeoutMs: deploy.waitTimeoutMs,
    // The set runs one search per type: its test time is n warm-ups and n budgets.
    load: {
      ...config.load,
      warmupMs: config.load.warmupMs * n,
      capacity: { ...capacity, budgetMs: capacity.budgetMs * n },
    },
    hourlyPriceOverrideUsd: config.report.hourlyPriceUsd,
    hourlyPriceTrusted: config.hourlyPriceTrusted,
  });
  if (estimate.totalUsd !== undefined)
    deps.logger.info(
      `Estimated cost of comparing ${n} instance types: $${estimate.totalUsd.toFixed(2)} (${describeEstimate(estimate)}).`,
    );
  return counts;
}

function logComparison(rows: readonly ComparisonRow[], logger: Logger): void {
  for (const r of rows)
    logger.info(
      `comparison ${r.instanceType}: capacity ${r.limit ?? 'none'} ${r.unit}, p95 ${r.p95Ms?.toFixed(0) ?? '–'} ms, ` +
        `$${r.costPerMillionRequestsUsd?.toFixed(2) ?? '–'} per 1M requests${r.recommended ? ' (recommended)' : ''}`,
    );
}
