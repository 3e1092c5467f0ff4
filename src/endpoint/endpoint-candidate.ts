/**
 * A candidate hosted on an endpoint of its own (`deploy.kind` instance, serverless or async): plan
 * and guardrails → CreateModel, CreateEndpointConfig, CreateEndpoint → wait for InService → load →
 * teardown (src/endpoint/teardown-phase.ts). An async candidate's S3 objects under the run's prefix
 * are deleted once the endpoint is (src/endpoint/async-objects.ts).
 */
import type { DeployConfig } from '../config/endpoint-schema.js';
import { throwIfCancelled } from './cancel.js';
import { asyncRunPrefixes, deleteRunObjects } from './async-objects.js';
import { CleanupStack } from './cleanup-stack.js';
import { createCandidate } from './deploy.js';
import { checkGuardrails, describeEstimate } from './guardrails.js';
import { asyncInputPath } from './kind-plan.js';
import type { LifecycleConfig, LifecycleDeps, LoadPhase } from './lifecycle-types.js';
import { checkPlannedNames } from './name-check.js';
import { planDeployment, type DeployPlan } from './plan.js';
import { TAG_EXPIRES_AT } from './tags.js';
import type { Target } from './target.js';
import { runThenTeardown } from './teardown-phase.js';
import { waitForInService } from './wait.js';

/** Plans, guards, deploys, runs `phase` against and tears down the candidate endpoint. */
export async function withCandidateEndpointOfItsOwn<T>(
  config: LifecycleConfig,
  deploy: DeployConfig,
  deps: LifecycleDeps,
  phase: LoadPhase<T>,
  signal: AbortSignal,
): Promise<T> {
  const sleep = (ms: number) => deps.clock.sleep(ms);
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
  throwIfCancelled(signal);
  const stack = new CleanupStack(deps.state, config.region, {
    teardownTimeoutMs: deploy.teardownTimeoutMs,
  });
  return deployRunTeardown(plan, stack, config, deps, phase, signal);
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
  const inputPath = asyncInputPath(deploy, config.request.asyncInputPath);
  // An async candidate's objects: what the invoker could not delete is removed once the endpoint is.
  const afterTeardown =
    inputPath === undefined
      ? undefined
      : () =>
          deleteRunObjects(asyncRunPrefixes(deploy, inputPath, plan.endpointName), {
            region: config.region,
            logger: deps.logger,
            timeoutMs: deploy.teardownTimeoutMs,
          });
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
      const target: Target = {
        ...(inputPath === undefined ? {} : { asyncInputPath: inputPath, asyncRunPrefix: plan.endpointName }),
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
    afterTeardown,
  );
}
