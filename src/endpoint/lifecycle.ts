/**
 * The endpoint lifecycle around the load phase: guardrails → deploy → wait → [load phase] → teardown.
 * Teardown is guaranteed: it runs from `finally` whether the deploy, the wait or the load phase
 * failed, and SIGINT/SIGTERM abort the running phase so it runs before the process exits. What has
 * been created is in the saved state all along, for the post step.
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Config } from '../config/parse.js';
import type { Clock } from '../core/clock.js';
import { errorMessage, InfrastructureError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import { raceWithCancellation, throwIfCancelled } from './cancel.js';
import { CleanupStack } from './cleanup-stack.js';
import { createCandidate } from './deploy.js';
import { checkGuardrails, checkTestDuration, describeEstimate } from './guardrails.js';
import { checkPlannedNames } from './name-check.js';
import { createComponent, planComponent, waitForComponent, type ComponentPlan } from './component-deploy.js';
import { asyncInputPath } from './kind-plan.js';
import { planDeployment, type DeployPlan, type VariantPlan } from './plan.js';
import type { RunIdentity } from './run-identity.js';
import { listenForCancellation, type SignalSource } from './signals.js';
import { TAG_EXPIRES_AT } from './tags.js';
import type { StateStore } from './state.js';
import { describeExistingTarget, type Target } from './target.js';
import { assertNothingLeft, deleteCommand, teardownStack } from './teardown.js';
import { waitForInService } from './wait.js';

/** The settings the lifecycle reads. */
export type LifecycleConfig = Pick<
  Config,
  'endpoint' | 'guardrails' | 'load' | 'report' | 'region' | 'scenario' | 'request' | 'hourlyPriceTrusted'
>;

/** What the lifecycle needs from the outside world. */
export interface LifecycleDeps {
  /** Control-plane client (see `createControlPlaneClient`). */
  sagemaker: SageMakerClient;
  /** Where created resources are recorded for the post step. */
  state: StateStore;
  logger: Logger;
  clock: Clock;
  /** Jitter for retries. */
  random: Random;
  /** Names and tags resources. */
  run: RunIdentity;
  /** SIGINT/SIGTERM source; `process` in production. */
  signals: SignalSource;
}

/** The load phase: runs against the target, stops promptly when `signal` aborts. */
export type LoadPhase<T> = (target: Target, signal: AbortSignal) => Promise<T>;

/**
 * Runs `phase` against the configured endpoint: the existing one (`endpoint.name`), or a candidate
 * deployed for the run (`endpoint.deploy`) and torn down afterwards whatever happens.
 */
export async function withCandidateEndpoint<T>(
  config: LifecycleConfig,
  deps: LifecycleDeps,
  phase: LoadPhase<T>,
): Promise<T> {
  const cancellation = listenForCancellation(deps.signals, deps.logger);
  const sleep = (ms: number) => deps.clock.sleep(ms);
  try {
    checkTestDuration(config.guardrails, config.load);
    const deploy = config.endpoint.deploy;
    if (!deploy) {
      const name = config.endpoint.name ?? '';
      const target = await describeExistingTarget(name, config.region, config.endpoint.variant, {
        ...deps,
        sleep,
      });
      deps.logger.info(`Testing the existing endpoint "${name}" (nothing is deployed or torn down).`);
      return await raceWithCancellation(phase(target, cancellation.signal), cancellation.signal);
    }
    if (deploy.kind === 'inference-component')
      return await withCandidateComponent(config, deps, phase, cancellation.signal);
    if (config.endpoint.name)
      deps.logger.info(
        `endpoint.name ("${config.endpoint.name}") is ignored: a candidate is deployed instead.`,
      );
    const plan = await deps.logger.group('Plan the candidate endpoint', async () => {
      const planned = await planDeployment(deploy, {
        ...deps,
        region: config.region,
        nowMs: deps.clock.nowMs(),
        sleep,
        scenario: config.scenario,
      });
      checkPlannedNames(planned);
      deps.logger.info(describePlan(planned));
      const estimate = checkGuardrails(config.guardrails, {
        variants: planned.variants,
        region: config.region,
        waitTimeoutMs: deploy.waitTimeoutMs,
        load: config.load,
        hourlyPriceOverrideUsd: config.report.hourlyPriceUsd,
        hourlyPriceTrusted: config.hourlyPriceTrusted,
      });
      if (estimate.totalUsd !== undefined)
        deps.logger.info(`Estimated cost: $${estimate.totalUsd.toFixed(2)} (${describeEstimate(estimate)}).`);
      return planned;
    });
    throwIfCancelled(cancellation.signal);
    const stack = new CleanupStack(deps.state, config.region, {
      teardownTimeoutMs: deploy.teardownTimeoutMs,
    });
    return await deployRunTeardown(plan, stack, config, deps, phase, cancellation.signal);
  } finally {
    cancellation.dispose();
  }
}

/** `Candidate "x" in us-east-1: variant AllTraffic 1 × ml.g5.xlarge; 1 model; expires 2025-…`. */
export function describePlan(plan: DeployPlan): string {
  const variants = plan.variants
    .map((v) => `variant ${v.name} ${v.instanceCount} × ${v.instanceType ?? 'serverless'}`)
    .join(', ');
  const expires = plan.endpoint.Tags?.find((t) => t.Key === TAG_EXPIRES_AT)?.Value ?? 'unknown';
  const models = plan.models.length === 1 ? '1 model' : `${plan.models.length} models`;
  return `Candidate "${plan.endpointName}" in ${plan.region}: ${variants}; ${models}; sweep may remove it after ${expires}.`;
}

async function deployRunTeardown<T>(
  plan: DeployPlan,
  stack: CleanupStack,
  config: LifecycleConfig,
  deps: LifecycleDeps,
  phase: LoadPhase<T>,
  signal: AbortSignal,
): Promise<T> {
  const deploy = config.endpoint.deploy;
  if (!deploy) throw new Error('deployRunTeardown needs endpoint.deploy');
  const sleep = (ms: number) => deps.clock.sleep(ms);
  return runThenTeardown(
    `candidate endpoint "${plan.endpointName}"`,
    stack,
    config,
    deps,
    phase,
    signal,
    async () => {
      await createCandidate(plan, { ...deps, stack, sleep }, signal);
      await waitForInService(plan.endpointName, deps, {
        timeoutMs: deploy.waitTimeoutMs,
        pollIntervalMs: deploy.pollIntervalMs,
        signal,
      });
      const inputPath = asyncInputPath(deploy, config.request.asyncInputPath);
      const target: Target = {
        ...(inputPath === undefined ? {} : { asyncInputPath: inputPath }),
        endpointName: plan.endpointName,
        region: config.region,
        targetVariant: config.endpoint.variant,
        variants: plan.variants.map((v) => ({
          name: v.name,
          instanceType: v.instanceType,
          instanceCount: v.instanceCount,
        })),
        deployed: true,
      };
      return target;
    },
  );
}

/**
 * Creates (through `deployAndWait`, which records on `stack`), runs `phase` against the target, and
 * tears down whatever the stack holds whatever happened; the run's error wins over teardown's.
 */
export async function runThenTeardown<D, T>(
  what: string,
  stack: CleanupStack,
  config: LifecycleConfig,
  deps: LifecycleDeps,
  phase: (deployed: D, signal: AbortSignal) => Promise<T>,
  signal: AbortSignal,
  deployAndWait: () => Promise<D>,
): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    const value = await deps.logger
      .group(`Deploy ${what}`, deployAndWait)
      .then((target) => raceWithCancellation(phase(target, signal), signal));
    outcome = { ok: true, value };
  } catch (error) {
    outcome = { ok: false, error };
  }
  await deps.logger.group(`Tear down ${what}`, () =>
    finishTeardown(stack, config, deps, outcome.ok ? undefined : outcome.error),
  );
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * `deploy.kind: inference-component`: the candidate as a component on `endpoint.name` — planned and
 * guarded before anything is created, torn down (the component only) whatever happens.
 */
async function withCandidateComponent<T>(
  config: LifecycleConfig,
  deps: LifecycleDeps,
  phase: LoadPhase<T>,
  signal: AbortSignal,
): Promise<T> {
  const deploy = config.endpoint.deploy;
  const host = config.endpoint.name;
  if (!deploy || !host) throw new Error('withCandidateComponent needs endpoint.deploy and endpoint.name');
  const sleep = (ms: number) => deps.clock.sleep(ms);
  const componentDeps = { ...deps, sleep };
  const plan = await deps.logger.group('Plan the candidate inference component', async () => {
    const planned = await planComponent(deploy, host, config.region, componentDeps);
    const copies = planned.input.RuntimeConfig?.CopyCount ?? 1;
    const cores = planned.input.Specification?.ComputeResourceRequirements?.NumberOfCpuCoresRequired ?? 1;
    const estimate = checkGuardrails(config.guardrails, {
      variants: [componentVariantPlan(planned, copies, cores)],
      region: config.region,
      waitTimeoutMs: deploy.waitTimeoutMs,
      load: config.load,
      hourlyPriceOverrideUsd: config.report.hourlyPriceUsd,
    });
    deps.logger.info(
      `Candidate inference component "${planned.componentName}" on endpoint "${host}" (variant ${planned.hostVariant}): ${copies} ${copies === 1 ? 'copy' : 'copies'}.`,
    );
    if (estimate.totalUsd !== undefined)
      deps.logger.info(`Estimated cost: $${estimate.totalUsd.toFixed(2)} (${describeEstimate(estimate)}).`);
    return planned;
  });
  throwIfCancelled(signal);
  const stack = new CleanupStack(deps.state, config.region, { teardownTimeoutMs: deploy.teardownTimeoutMs });
  return runThenTeardown(
    `candidate inference component "${plan.componentName}"`,
    stack,
    config,
    deps,
    phase,
    signal,
    async () => {
      await createComponent(plan, { ...componentDeps, stack }, signal);
      await waitForComponent(plan, componentDeps, {
        timeoutMs: deploy.waitTimeoutMs,
        pollIntervalMs: deploy.pollIntervalMs,
        signal,
      });
      return {
        endpointName: host,
        region: config.region,
        targetVariant: undefined,
        variants: [
          {
            name: plan.hostVariant,
            instanceType: plan.hostInstanceType,
            instanceCount: plan.hostInstanceCount,
          },
        ],
        deployed: true,
        inferenceComponent: plan.componentName,
      };
    },
  );
}

/** The component as guardrails see it: the host's instance type, priced by its share of the host. */
export function componentVariantPlan(plan: ComponentPlan, copies: number, cpuCores: number): VariantPlan {
  return {
    name: plan.componentName,
    instanceType: plan.hostInstanceType,
    instanceCount: plan.hostInstanceCount,
    typeField: 'endpoint.name',
    countField: 'endpoint.name',
    ...(plan.hostInstanceType === undefined
      ? {}
      : {
          pricing: {
            kind: 'component' as const,
            copies,
            cpuCores,
            hostInstanceType: plan.hostInstanceType,
            hostInstanceCount: plan.hostInstanceCount,
          },
        }),
  };
}

/** Tears down (or, with `keep`, hands over) what the stack holds; throws when something is left. */
async function finishTeardown(
  stack: CleanupStack,
  config: LifecycleConfig,
  deps: LifecycleDeps,
  runError: unknown,
): Promise<void> {
  const deploy = config.endpoint.deploy;
  if (stack.size === 0) {
    deps.logger.info('Nothing was created, so nothing to tear down.');
    return;
  }
  if (deploy?.keep) {
    stack.markKept();
    const resources = stack.toTeardown();
    deps.logger.warning(
      `keep: true — leaving ${resources.length} resources up; they cost money until deleted. Delete them with: ` +
        resources.map((r) => deleteCommand(r, config.region)).join(' && ') +
        ' (or `sagemaker-perf-gate sweep --include-kept` removes them once their perf-gate:expires-at tag has passed).',
    );
    return;
  }
  const sleep = (ms: number) => deps.clock.sleep(ms);
  const report = await teardownStack(
    stack,
    { ...deps, sleep },
    { timeoutMs: deploy?.teardownTimeoutMs ?? 300_000 },
  );
  try {
    assertNothingLeft(report, config.region);
  } catch (teardownError) {
    if (runError === undefined) throw teardownError;
    throw new InfrastructureError(
      `${errorMessage(teardownError)} (The run had already failed: ${errorMessage(runError)})`,
      {
        cause: teardownError,
      },
    );
  }
  deps.logger.info(
    `Teardown complete: ${report.deleted.length + report.alreadyGone.length} resources removed.`,
  );
}
