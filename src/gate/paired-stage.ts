/**
 * The load stage of paired mode (`compare.mode: paired`): the same load alternated in ABBA blocks
 * between the baseline endpoint (`compare.baseline-endpoint`) and the target the lifecycle provides,
 * on one warm load session. Yields the candidate's result document and the paired run the verdict
 * is computed from. Stops promptly when the lifecycle aborts the signal.
 */
import { availableParallelism } from 'node:os';
import type { PairedRun } from '../compare/paired/compare-paired.js';
import { runPaired } from './paired-runner.js';
import { pairsForStage } from '../compare/paired/abba.js';
import { comparePairedStages, type PairedStage } from '../compare/paired/paired-analysis.js';
import { looksOf, perLookConfidence } from '../compare/paired/sequential.js';
import type { StagePlan } from '../load/stages/plan.js';
import type { Config } from '../config/parse.js';
import { configRecord } from '../config/secrets.js';
import { raceWithCancellation } from '../endpoint/cancel.js';
import type { Target } from '../endpoint/target.js';
import { buildResultDocument } from '../load/engine/build-result.js';
import { openLoadSession } from '../load/engine/session.js';
import { resolveRuntimeUrl } from '../load/invoke/endpoint-url.js';
import { loadRequestPayloads } from '../load/payloads/request-payloads.js';
import { prepareBodies } from '../load/payloads/request-bodies.js';
import { planStages } from '../load/stages/plan.js';
import type { ResultDocument } from '../result/document.js';
import { computeScenario } from '../baseline/scenario-key.js';
import type { LoadStageDeps } from './load-stage.js';
import { candidateRun } from './paired-result.js';
import { randomUUID } from 'node:crypto';

export interface PairedMeasurement {
  result: ResultDocument;
  paired: PairedRun;
}

/** A baseline and a candidate the paired blocks alternate between. */
export interface TargetPair {
  baseline: Pick<Target, 'endpointName' | 'inferenceComponent'>;
  candidate: Target;
}

/**
 * Runs paired blocks between `compare.baseline-endpoint` and `target`, or (A/B with deployed
 * baselines, `compare.pairs`) between each deployed pair: `target` may be the list of pairs.
 */
export async function runPairedStage(
  config: Config,
  target: Target | readonly TargetPair[],
  signal: AbortSignal,
  deps: LoadStageDeps,
  options: { baselineDeployedFrom?: string | undefined } = {},
): Promise<PairedMeasurement> {
  const pairs: readonly TargetPair[] = isPairList(target)
    ? target
    : [{ baseline: { endpointName: config.compare.baselineEndpoint ?? '' }, candidate: target }];
  const first = pairs[0];
  if (!first) throw new Error('paired mode needs at least one endpoint pair');
  const payloads = await loadRequestPayloads(config.request, config.baseDir, config.workspaceDir);
  prepareBodies(payloads.payloads, config.request);
  const workers =
    deps.tuning?.workers ??
    (config.load.workers === 'auto' ? Math.min(4, availableParallelism()) : config.load.workers);
  const invoker = deps.tuning?.invoker ?? 'fast';
  const session = await openLoadSession(
    { request: config.request, payloads, workers, invoker },
    { credentials: deps.credentials, clock: deps.clock, logger: deps.logger },
  );
  const endpointUrl = resolveRuntimeUrl(config.region, deps.env);
  const loadTarget = (t: Pick<Target, 'endpointName' | 'inferenceComponent'>) => ({
    endpointName: t.endpointName,
    region: config.region,
    endpointUrl,
    // A component is addressed by its name on the shared host, not by a variant.
    ...(t.inferenceComponent
      ? { inferenceComponent: t.inferenceComponent }
      : { variant: config.endpoint.variant }),
  });
  const describe = (t: Pick<Target, 'endpointName' | 'inferenceComponent'>) =>
    t.inferenceComponent ? `${t.endpointName}/${t.inferenceComponent}` : t.endpointName;
  const openLoop = config.load.mode === 'arrival-rate';
  signal.addEventListener('abort', () => session.cancel(), { once: true });
  try {
    for (const [j, p] of pairs.entries())
      deps.logger.info(
        `Paired mode${pairs.length > 1 ? ` (pair ${j + 1} of ${pairs.length})` : ''}: "${describe(p.candidate)}" against "${describe(p.baseline)}".`,
      );
    const scenario = computeScenario(config, payloads.digest);
    const stages = planStages(config.load);
    const sequential = config.compare.sequential ? sequentialPlan(config, stages) : undefined;
    const outcome = await raceWithCancellation(
      runPaired(
        {
          pairs: pairs.map((p) => ({ baseline: loadTarget(p.baseline), candidate: loadTarget(p.candidate) })),
          stages,
          profile: config.load,
          blockDurationMs: config.compare.blockDurationMs,
          scenarioKey: scenario.key,
          openLoop,
          streaming: config.request.stream,
          ...(sequential ? { sequential: sequential.runner } : {}),
        },
        { session, logger: deps.logger },
      ),
      signal,
    );
    const target = first.candidate;
    const variant = target.variants.find((v) => v.name === target.targetVariant) ?? target.variants[0];
    const result = buildResultDocument({
      config,
      configRecord: configRecord(config),
      scenario,
      run: candidateRun(outcome.blocks, { openLoop, streaming: config.request.stream }),
      runId: deps.runId ?? randomUUID(),
      createdAt: new Date(deps.clock.nowMs()).toISOString(),
      invoker,
      workers: session.workers,
      target: {
        endpointName: target.endpointName,
        region: config.region,
        ...(config.endpoint.variant ? { variantName: config.endpoint.variant } : {}),
        ...(variant?.instanceType ? { instanceType: variant.instanceType } : {}),
        ...(variant?.instanceCount ? { instanceCount: variant.instanceCount } : {}),
        deployed: target.deployed,
      },
      ...(deps.source ? { source: deps.source } : {}),
    });
    return {
      result,
      paired: {
        ...outcome.run,
        sequentialLooks: sequential?.looks,
        ...(options.baselineDeployedFrom ? { baselineDeployedFrom: options.baselineDeployedFrom } : {}),
      },
    };
  } finally {
    await session.close();
  }
}

function isPairList(target: Target | readonly TargetPair[]): target is readonly TargetPair[] {
  return Array.isArray(target);
}

/**
 * How long a paired run keeps its endpoints busy (wall time): every endpoint of every pair runs the
 * warm-up, then each measured stage's blocks (twice the fixed number with `compare.sequential`, its
 * budget) one after the other. The cost estimate bills every deployed candidate for all of it.
 */
export function pairedRunMs(config: Pick<Config, 'load' | 'compare'>, pairs: number): number {
  const stages = planStages(config.load);
  const perPair = stages.reduce((sum, stage) => {
    if (!stage.measured) return sum + 2 * stage.durationMs;
    const blockPairs = pairsForStage(stage.durationMs, config.compare.blockDurationMs);
    return sum + 2 * blockPairs * (config.compare.sequential ? 2 : 1) * config.compare.blockDurationMs;
  }, 0);
  return pairs * perPair;
}

/**
 * `compare.sequential`: each measured stage looks every 2 block pairs up to twice its fixed number
 * of block pairs. Every look of every stage uses the share of the error the final verdict will use
 * (the most looks any stage has, Bonferroni over stages and gated metrics), so stopping early and
 * the verdict agree.
 */
function sequentialPlan(config: Config, stages: readonly StagePlan[]) {
  const measured = stages.filter((s) => s.measured);
  const looksFor = (stage: StagePlan) =>
    looksOf({
      minBlockPairs: 2,
      lookEvery: 2,
      maxBlockPairs: 2 * pairsForStage(stage.durationMs, config.compare.blockDurationMs),
    });
  const looks = Math.max(1, ...measured.map((s) => looksFor(s).length));
  const perLook = perLookConfidence(config.compare.confidence, looks);
  // One stage alone is corrected over its gated metrics only; divide by the stages here.
  const stageConfidence = 1 - (1 - perLook) / Math.max(1, measured.length);
  const certain = (stage: PairedStage) =>
    comparePairedStages([stage], { ...config.compare, confidence: stageConfidence }).stages[0]?.state !==
    'inconclusive';
  return { looks, runner: { looksFor, certain } };
}
