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
import { runPairedStage } from './paired-stage.js';

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
 * mode — and tears down; the result carries `source`.
 */
export async function measure(config: Config, deps: MeasureDeps): Promise<Measurement> {
  const deployStartedAtMs = config.endpoint.deploy ? deps.clock.nowMs() : undefined;
  const measured = await withCandidateEndpoint(config, deps, (target, signal) =>
    deps.logger.group(`Load test against "${target.endpointName}"`, async () =>
      config.compare.mode === 'paired'
        ? await runPairedStage(config, target, signal, deps)
        : { result: await runLoadStage(config, target, signal, deps), paired: undefined },
    ),
  );
  return { ...measured, deployStartedAtMs };
}
