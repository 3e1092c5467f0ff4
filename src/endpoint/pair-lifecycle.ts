/**
 * A/B with a freshly deployed baseline (`compare.baseline-deploy: base`): k baseline/candidate pairs
 * (`compare.pairs`) — the base branch's deploy as each baseline, the pull request's as each
 * candidate — planned and guarded together before anything is created (the cost ceiling counts
 * every one of them), deployed under ONE cleanup stack (so the saved state, the post step and
 * SIGINT/SIGTERM cover all of them), loaded by the phase and torn down together whatever happens.
 *
 * Each candidate gets its own names: the run's leg id plus `b<j>` (baseline of pair j) or `c<j>`
 * (candidate of pair j). The inference-component kind puts every component on one existing host
 * endpoint (the cheap case: no instance is created).
 */
import type { DeployConfig } from '../config/endpoint-schema.js';
import { throwIfCancelled } from './cancel.js';
import { CleanupStack } from './cleanup-stack.js';
import { createComponent, planComponent, waitForComponent, type ComponentPlan } from './component-deploy.js';
import { createCandidate } from './deploy.js';
import { checkGuardrails, checkTestDuration, describeEstimate } from './guardrails.js';
import { componentVariantPlan } from './component-candidate.js';
import { describePlan } from './endpoint-candidate.js';
import type { LifecycleConfig, LifecycleDeps } from './lifecycle-types.js';
import { runThenTeardown } from './teardown-phase.js';
import { checkPlannedNames } from './name-check.js';
import { planDeployment, type DeployPlan, type VariantPlan } from './plan.js';
import type { RunIdentity } from './run-identity.js';
import { listenForCancellation } from './signals.js';
import type { Target } from './target.js';
import { waitForInService } from './wait.js';

/** What the baseline side deploys: the base branch's `endpoint.deploy` (and its host, for components). */
export interface BaselineDeploy {
  deploy: DeployConfig;
  /** The commit the deploy was read from. */
  commit: string;
  /** `kind: inference-component`: the endpoint hosting the baseline's components. */
  hostEndpoint?: string | undefined;
}

export type PairRole = 'baseline' | 'candidate';

/** One deployed baseline/candidate pair. */
export interface DeployedPair {
  baseline: Target;
  candidate: Target;
}

export interface PairOptions {
  baseline: BaselineDeploy;
  /** `compare.pairs`. */
  pairs: number;
  /**
   * How long every deployed candidate stays up for the load (a paired run's wall time: every block
   * of every endpoint runs one after the other); the cost estimate bills each candidate for it.
   */
  testMs: number;
}

type Planned =
  | { role: PairRole; pair: number; kind: 'endpoint'; plan: DeployPlan; deploy: DeployConfig }
  | { role: PairRole; pair: number; kind: 'component'; plan: ComponentPlan; deploy: DeployConfig };

/** Runs `phase` against k freshly deployed pairs and tears all of them down afterwards. */
export async function withEndpointPairs<T>(
  config: LifecycleConfig,
  options: PairOptions,
  deps: LifecycleDeps,
  phase: (pairs: DeployedPair[], signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const candidateDeploy = config.endpoint.deploy;
  if (!candidateDeploy) throw new Error('withEndpointPairs needs endpoint.deploy');
  const cancellation = listenForCancellation(deps.signals, deps.logger);
  const signal = cancellation.signal;
  const sleep = (ms: number) => deps.clock.sleep(ms);
  try {
    checkTestDuration(config.guardrails, config.load);
    const planned = await deps.logger.group(
      `Plan ${options.pairs} baseline/candidate pair${options.pairs === 1 ? '' : 's'}`,
      async () => {
        const all: Planned[] = [];
        for (let j = 0; j < options.pairs; j++) {
          all.push(await planOne('baseline', j, options.baseline.deploy, options.baseline.hostEndpoint));
          all.push(await planOne('candidate', j, candidateDeploy, config.endpoint.name));
        }
        const estimate = checkGuardrails(config.guardrails, {
          variants: all.flatMap(guardedVariants),
          region: config.region,
          waitTimeoutMs: Math.max(candidateDeploy.waitTimeoutMs, options.baseline.deploy.waitTimeoutMs),
          load: config.load,
          hourlyPriceOverrideUsd: config.report.hourlyPriceUsd,
          hourlyPriceTrusted: config.hourlyPriceTrusted,
          testMs: options.testMs,
        });
        if (estimate.totalUsd !== undefined)
          deps.logger.info(
            `Estimated cost of all ${all.length} candidates: $${estimate.totalUsd.toFixed(2)} (${describeEstimate(estimate)}).`,
          );
        return all;
      },
    );
    throwIfCancelled(signal);
    const stack = new CleanupStack(deps.state, config.region, {
      teardownTimeoutMs: candidateDeploy.teardownTimeoutMs,
    });
    const what = `${planned.length} candidates (${options.pairs} baseline/candidate pair${options.pairs === 1 ? '' : 's'})`;
    return await runThenTeardown(what, stack, config, deps, phase, signal, async () => {
      // Create all first (they start in parallel on SageMaker's side), then wait for each.
      for (const p of planned) {
        if (p.kind === 'endpoint') await createCandidate(p.plan, { ...deps, stack, sleep }, signal);
        else await createComponent(p.plan, { ...deps, stack, sleep }, signal);
      }
      const targets: Target[] = [];
      for (const p of planned) targets.push(await waitFor(p));
      const pairs: DeployedPair[] = [];
      for (let j = 0; j < options.pairs; j++) {
        const baseline = targets[2 * j];
        const candidate = targets[2 * j + 1];
        if (!baseline || !candidate) throw new Error(`pair ${j + 1} was not deployed`);
        pairs.push({ baseline, candidate });
      }
      return pairs;
    });
  } finally {
    cancellation.dispose();
  }

  async function planOne(
    role: PairRole,
    pair: number,
    deploy: DeployConfig,
    host: string | undefined,
  ): Promise<Planned> {
    const run = pairIdentity(deps.run, role, pair);
    if (deploy.kind === 'inference-component') {
      if (!host) throw new Error(`the ${role} inference component needs a host endpoint`);
      const plan = await planComponent(deploy, host, config.region, { ...deps, run, sleep });
      deps.logger.info(
        `${label(role, pair)}: inference component "${plan.componentName}" on endpoint "${host}" (variant ${plan.hostVariant}).`,
      );
      return { role, pair, kind: 'component', plan, deploy };
    }
    const plan = await planDeployment(deploy, {
      ...deps,
      run,
      region: config.region,
      nowMs: deps.clock.nowMs(),
      sleep,
      scenario: config.scenario,
    });
    checkPlannedNames(plan);
    deps.logger.info(`${label(role, pair)}: ${describePlan(plan)}`);
    return { role, pair, kind: 'endpoint', plan, deploy };
  }

  async function waitFor(p: Planned): Promise<Target> {
    const deploy = p.deploy;
    const wait = { timeoutMs: deploy.waitTimeoutMs, pollIntervalMs: deploy.pollIntervalMs, signal };
    if (p.kind === 'component') {
      await waitForComponent(p.plan, { ...deps, sleep }, wait);
      return {
        endpointName: p.plan.hostEndpoint,
        region: config.region,
        targetVariant: undefined,
        variants: [
          {
            name: p.plan.hostVariant,
            instanceType: p.plan.hostInstanceType,
            instanceCount: p.plan.hostInstanceCount,
          },
        ],
        deployed: true,
        inferenceComponent: p.plan.componentName,
      };
    }
    await waitForInService(p.plan.endpointName, deps, wait);
    return {
      endpointName: p.plan.endpointName,
      region: config.region,
      targetVariant: config.endpoint.variant,
      variants: p.plan.variants.map((v) => ({
        name: v.name,
        instanceType: v.instanceType,
        instanceCount: v.instanceCount,
      })),
      deployed: true,
    };
  }
}

/** The run identity of one candidate of a pair: the leg id carries `b<j>` / `c<j>`, so names differ. */
function pairIdentity(run: RunIdentity, role: PairRole, pair: number): RunIdentity {
  return { ...run, leg: `${run.leg ?? ''}${role === 'baseline' ? 'b' : 'c'}${pair + 1}` };
}

function label(role: PairRole, pair: number): string {
  return `${role === 'baseline' ? 'Baseline' : 'Candidate'} ${pair + 1}`;
}

/** A planned candidate's variants as guardrails see them, named by role and pair in the estimate. */
function guardedVariants(p: Planned): VariantPlan[] {
  const prefix = `${p.role} ${p.pair + 1}`;
  if (p.kind === 'component') {
    const copies = p.plan.input.RuntimeConfig?.CopyCount ?? 1;
    const cores = p.plan.input.Specification?.ComputeResourceRequirements?.NumberOfCpuCoresRequired ?? 1;
    const v = componentVariantPlan(p.plan, copies, cores);
    return [{ ...v, name: `${prefix} ${v.name}`, ...fields(p.role) }];
  }
  return p.plan.variants.map((v) => ({
    ...v,
    name: `${prefix} ${v.name}`,
    ...(p.role === 'baseline' ? fields(p.role) : {}),
  }));
}

/** A baseline's settings come from the base branch's config: say so in guardrail messages. */
function fields(role: PairRole): Partial<VariantPlan> {
  if (role === 'candidate') return {};
  return { typeField: "the base branch's endpoint.deploy", countField: "the base branch's endpoint.deploy" };
}
