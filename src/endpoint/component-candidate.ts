/**
 * A candidate placed as an inference component on an existing endpoint (`deploy.kind:
 * inference-component`): plan and guardrails (priced by its share of the host) → create → wait →
 * load → teardown of the component only (src/endpoint/teardown-phase.ts); the shared endpoint is
 * never touched.
 */
import { throwIfCancelled } from './cancel.js';
import { CleanupStack } from './cleanup-stack.js';
import { createComponent, planComponent, waitForComponent, type ComponentPlan } from './component-deploy.js';
import { checkGuardrails, describeEstimate } from './guardrails.js';
import type { LifecycleConfig, LifecycleDeps, LoadPhase } from './lifecycle-types.js';
import type { VariantPlan } from './plan.js';
import { runThenTeardown } from './teardown-phase.js';

/**
 * `deploy.kind: inference-component`: the candidate as a component on `endpoint.name` — planned and
 * guarded before anything is created, torn down (the component only) whatever happens.
 */
export async function withCandidateComponent<T>(
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
