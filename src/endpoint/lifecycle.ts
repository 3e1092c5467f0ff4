/**
 * The endpoint lifecycle around the load phase: guardrails → deploy → wait → [load phase] → teardown.
 * Teardown is guaranteed: it runs from `finally` whether the deploy, the wait or the load phase
 * failed, and SIGINT/SIGTERM abort the running phase so it runs before the process exits. What has
 * been created is in the saved state all along, for the post step.
 *
 * This file chooses the path; each has its own: an existing endpoint (nothing deployed), a candidate
 * on an endpoint of its own (instance, serverless, async: endpoint-candidate.ts), a candidate
 * inference component on a shared endpoint (component-candidate.ts); both deployed paths run in the
 * create → load → teardown frame of teardown-phase.ts.
 */
import { raceWithCancellation } from './cancel.js';
import { withCandidateComponent } from './component-candidate.js';
import { withCandidateEndpointOfItsOwn } from './endpoint-candidate.js';
import { checkTestDuration } from './guardrails.js';
import type { LifecycleConfig, LifecycleDeps, LoadPhase } from './lifecycle-types.js';
import { listenForCancellation } from './signals.js';
import { describeExistingTarget } from './target.js';

export type { LifecycleConfig, LifecycleDeps, LoadPhase } from './lifecycle-types.js';

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
    return await withCandidateEndpointOfItsOwn(config, deploy, deps, phase, cancellation.signal);
  } finally {
    cancellation.dispose();
  }
}
