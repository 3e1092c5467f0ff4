/**
 * Runs paired mode on the load engine: the warm-up against both endpoints, then for every measured
 * stage alternating blocks of `compare.block-duration` between the baseline endpoint and the
 * candidate in ABBA order, each block a one-stage run of the same load on the same warm session.
 * Each endpoint receives blocks adding up to the stage's duration, so a paired run takes twice as
 * long as a history run. A ramping stage is run at its final target in every block (the ramp
 * cannot be split fairly between two endpoints).
 */
import type { Logger } from '../core/logger.js';
import type { LoadProfile, LoadSession, StageRunResult } from '../load/engine/session.js';
import type { LoadTarget } from '../load/engine/target.js';
import type { StagePlan } from '../load/stages/plan.js';
import { mergeMergedStages, type MergedStage } from '../metrics/stage-snapshot.js';
import { stageStats } from '../metrics/stage-stats.js';
import type { StageStats } from '../result/document.js';
import { abbaOrder, pairsForStage, type BlockRole } from '../compare/paired/abba.js';
import type { PairedRun } from '../compare/paired/compare-paired.js';
import type { PairedBlock, PairedStage } from '../compare/paired/paired-analysis.js';

/** One baseline/candidate endpoint pair. */
export interface LoadTargetPair {
  baseline: LoadTarget;
  candidate: LoadTarget;
}

export interface PairedRunInput {
  /** The one endpoint pair (without `pairs`). */
  baseline?: LoadTarget;
  candidate?: LoadTarget;
  /**
   * Replication (`compare.pairs`): every baseline/candidate endpoint pair. Their block pairs are
   * interleaved (block pair i of every endpoint pair before block pair i + 1 of any), so drift over
   * time is shared by all pairs. Wins over `baseline` / `candidate`.
   */
  pairs?: readonly LoadTargetPair[];
  /** Warm-up and stages as planned from `load:` (`planStages(config.load)`). */
  stages: readonly StagePlan[];
  profile: LoadProfile;
  /** `compare.block-duration`. */
  blockDurationMs: number;
  scenarioKey: string;
  /** Open loop (arrival-rate): the block figures carry send lag. */
  openLoop: boolean;
  streaming: boolean;
  /**
   * Sequential decisions (`compare.sequential`): the block-pair counts at which a stage looks at its
   * data, and whether the stage's verdict is already certain; the stage stops at the first certain
   * look, else at the last. Absent: every stage runs its fixed number of block pairs.
   */
  sequential?: {
    looksFor(stage: StagePlan): readonly number[];
    certain(stage: PairedStage): boolean;
  };
}

export interface PairedRunnerDeps {
  session: Pick<LoadSession, 'runStages'>;
  logger?: Logger;
}

/** Everything measured, block by block, plus the paired run the verdict needs. */
export interface PairedRunOutcome {
  run: PairedRun;
  /** Every block's result in the order it ran (for artifacts and debugging). */
  blocks: { stage: string; role: BlockRole; result: StageRunResult; pair?: number }[];
}

/** Runs the blocks and collects them into a `PairedRun`. */
export async function runPaired(input: PairedRunInput, deps: PairedRunnerDeps): Promise<PairedRunOutcome> {
  const pairs = endpointPairs(input);
  const replicated = pairs.length > 1;
  const blocks: PairedRunOutcome['blocks'] = [];
  const warnings = new Set<string>();
  let saturated = false;
  const record = (stage: string, role: BlockRole, result: StageRunResult, pair: number) => {
    blocks.push({ stage, role, result, ...(replicated ? { pair } : {}) });
    saturated ||= result.clientHealth.saturated;
    for (const w of result.clientHealth.warnings) warnings.add(w);
  };

  for (const warmup of input.stages.filter((s) => !s.measured)) {
    for (const targets of pairs) {
      for (const role of ['baseline', 'candidate'] as const) {
        deps.logger?.info(`Paired mode: warm-up against the ${role} endpoint ${describe(targets[role])}`);
        await deps.session.runStages(targets[role], [warmup], { profile: input.profile });
      }
    }
  }

  const stages: PairedStage[] = [];
  const candidateFigures: { name: string; stats: StageStats }[] = [];
  for (const stage of input.stages.filter((s) => s.measured)) {
    const looks = input.sequential?.looksFor(stage);
    const blockPairs = looks?.at(-1) ?? pairsForStage(stage.durationMs, input.blockDurationMs);
    const order = abbaOrder(blockPairs);
    const block: StagePlan = {
      name: stage.name,
      durationMs: input.blockDurationMs,
      startTarget: stage.target,
      target: stage.target,
      rampMs: 0,
      measured: true,
    };
    deps.logger?.info(
      `Paired mode: stage ${stage.name}, ${order.length} blocks of ${input.blockDurationMs / 1000} s (ABBA)` +
        (replicated ? ` against each of ${pairs.length} endpoint pairs, interleaved` : ''),
    );
    const paired: PairedBlock[] = [];
    const candidateMerged: MergedStage[] = [];
    for (let i = 0; i < blockPairs; i++) {
      for (const [j, targets] of pairs.entries()) {
        for (const role of order.slice(2 * i, 2 * i + 2)) {
          const result = await deps.session.runStages(targets[role], [block], { profile: input.profile });
          record(stage.name, role, result, j);
          const measured = result.stages[0];
          if (!measured)
            throw new Error(`the load engine returned no result for block of stage "${stage.name}"`);
          paired.push({ role, stats: measured.result.stats, ...(replicated ? { pair: j } : {}) });
          if (role === 'candidate') candidateMerged.push(measured.merged);
        }
      }
      const pairsDone = i + 1;
      if (looks?.includes(pairsDone) && input.sequential?.certain({ name: stage.name, blocks: paired })) {
        deps.logger?.info(
          `Paired mode: stage ${stage.name} is certain after ${pairsDone} block pairs; stopping early.`,
        );
        break;
      }
    }
    stages.push({ name: stage.name, blocks: paired });
    candidateFigures.push({
      name: stage.name,
      stats: stageStats(mergeMergedStages(candidateMerged), {
        elapsedMs: input.blockDurationMs * candidateMerged.length,
        openLoop: input.openLoop,
        streaming: input.streaming,
      }),
    });
  }
  return {
    run: {
      scenarioKey: input.scenarioKey,
      baselineEndpoint: pairs.map((p) => describe(p.baseline)).join(', '),
      stages,
      candidate: { stages: candidateFigures },
      clientSaturated: saturated,
      clientWarnings: [...warnings],
      ...(replicated ? { endpointPairs: pairs.length } : {}),
    },
    blocks,
  };
}

function endpointPairs(input: PairedRunInput): readonly LoadTargetPair[] {
  if (input.pairs && input.pairs.length > 0) return input.pairs;
  if (!input.baseline || !input.candidate)
    throw new Error('runPaired needs `pairs` or `baseline` and `candidate`');
  return [{ baseline: input.baseline, candidate: input.candidate }];
}

/** `name`, or `name/component` for an inference component. */
function describe(target: LoadTarget): string {
  return target.inferenceComponent
    ? `${target.endpointName}/${target.inferenceComponent}`
    : target.endpointName;
}
