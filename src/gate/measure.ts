/**
 * The measuring half of the gate: (deploy the candidate | use the existing endpoint) → load → teardown.
 * The endpoint lifecycle guarantees teardown whatever happens (and on SIGINT/SIGTERM); the candidate
 * is torn down as soon as the load ends, so it is not billed while the gate waits for late
 * CloudWatch datapoints and publishes (CloudWatch keeps the metrics of a deleted endpoint).
 */
import type { Config } from '../config/parse.js';
import { withCandidateEndpoint, type LifecycleDeps } from '../endpoint/lifecycle.js';
import type { PairedRun } from '../compare/paired/compare-paired.js';
import type { ResultDocument } from '../result/document.js';
import { runLoadStage, type LoadStageDeps } from './load-stage.js';
import { pairedRunMs, runPairedStage } from './paired-stage.js';
import { withEndpointPairs, type BaselineDeploy } from '../endpoint/pair-lifecycle.js';

export type MeasureDeps = LifecycleDeps & Omit<LoadStageDeps, 'logger' | 'clock'>;

export interface Measurement {
  result: ResultDocument;
  /** Epoch ms when the candidate's deployment began (its time is billed); undefined without a deploy. */
  deployStartedAtMs: number | undefined;
  /** Paired mode: the blocks against the baseline endpoint, which the verdict is computed from. */
  paired?: PairedRun | undefined;
}

/**
 * Deploys (when configured), runs the load — alternating with `compare.baseline-endpoint` in paired
 * mode, or with freshly deployed baselines (`baseline`: the base branch's deploy, `compare.pairs`
 * pairs) — and tears down; the result carries `source`.
 */
export async function measure(
  config: Config,
  deps: MeasureDeps,
  baseline?: BaselineDeploy,
): Promise<Measurement> {
  const deployStartedAtMs = config.endpoint.deploy ? deps.clock.nowMs() : undefined;
  if (baseline) {
    const pairs = config.compare.pairs;
    const measured = await withEndpointPairs(
      config,
      { baseline, pairs, testMs: pairedRunMs(config, pairs) },
      deps,
      (deployed, signal) =>
        deps.logger.group(
          `A/B load test over ${pairs} baseline/candidate pair${pairs === 1 ? '' : 's'}`,
          () => runPairedStage(config, deployed, signal, deps, { baselineDeployedFrom: baseline.commit }),
        ),
    );
    return { ...measured, deployStartedAtMs };
  }
  const measured = await withCandidateEndpoint(config, deps, (target, signal) =>
    deps.logger.group(`Load test against "${target.endpointName}"`, async () =>
      config.compare.mode === 'paired'
        ? await runPairedStage(config, target, signal, deps)
        : { result: await runLoadStage(config, target, signal, deps), paired: undefined },
    ),
  );
  return { ...measured, deployStartedAtMs };
}
