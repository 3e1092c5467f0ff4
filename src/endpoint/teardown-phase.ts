/**
 * The frame every deployed candidate runs in, whatever its kind: create and wait (recording each
 * resource on the cleanup stack), run the load phase, then tear down whatever the stack holds —
 * or, with `keep`, hand it over — whatever happened. The run's error wins over teardown's.
 */
import { errorMessage, InfrastructureError } from '../core/errors.js';
import { raceWithCancellation } from './cancel.js';
import type { CleanupStack } from './cleanup-stack.js';
import type { LifecycleConfig, LifecycleDeps } from './lifecycle-types.js';
import { assertNothingLeft, deleteCommand, teardownStack } from './teardown.js';

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
  afterTeardown?: () => Promise<void>,
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
  await deps.logger.group(`Tear down ${what}`, async () => {
    try {
      await finishTeardown(stack, config, deps, outcome.ok ? undefined : outcome.error);
    } finally {
      if (!config.endpoint.deploy?.keep) await afterTeardown?.();
    }
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
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
