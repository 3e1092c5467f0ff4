/**
 * The result document of a run: measured stages (warm-up left out) re-numbered from 0, the overall
 * figures over all measured stages merged losslessly, client health, scenario, and the effective
 * config as the caller recorded it.
 */
import { mergeMergedStages } from '../../metrics/stage-snapshot.js';
import { stageStats } from '../../metrics/stage-stats.js';
import { RESULT_SCHEMA_ID, RESULT_SCHEMA_VERSION, type ResultDocument } from '../../result/document.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import type { InvokerKind } from '../invoke/invoker.js';
import type { LoadSpec } from './load-spec.js';
import type { StageRunResult } from './session.js';

export interface ResultInputs {
  readonly config: LoadSpec;
  /** What result.json records as the run's config (the caller's whole config, masked: `configRecord`). */
  readonly configRecord: unknown;
  /** The scenario the gate computed for this config and payload set (the load engine knows no baselines). */
  readonly scenario: ResultDocument['scenario'];
  readonly run: StageRunResult;
  readonly runId: string;
  /** ISO 8601 creation time. */
  readonly createdAt: string;
  readonly invoker: InvokerKind;
  readonly workers: number;
  readonly target: ResultDocument['target'];
  readonly source?: ResultDocument['source'];
}

/** The result document of one run of `inputs.config`. */
export function buildResultDocument(inputs: ResultInputs): ResultDocument {
  const { config, run } = inputs;
  const measured = run.stages.filter((s) => s.plan.measured);
  const overall = mergeMergedStages(measured.map((s) => s.merged));
  const elapsedMs = measured.reduce((sum, s) => sum + s.plan.durationMs, 0);
  const openLoop = config.load.mode === 'arrival-rate';
  const document: ResultDocument = {
    schema: RESULT_SCHEMA_ID,
    version: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    runId: inputs.runId,
    createdAt: inputs.createdAt,
    scenario: inputs.scenario,
    source: inputs.source ?? {},
    target: inputs.target,
    load: {
      mode: config.load.mode,
      ...(openLoop ? { arrivals: config.load.arrivals, maxInFlight: config.load.maxInFlight } : {}),
      warmupMs: config.load.warmupMs,
      workers: inputs.workers,
      invoker: inputs.invoker,
      streaming: config.request.stream,
    },
    stages: measured.map((s, index) => ({ ...s.result, index })),
    overall: stageStats(overall, {
      elapsedMs,
      openLoop,
      streaming: config.request.stream,
      goodput: config.slo.request !== undefined,
    }),
    clientHealth: run.clientHealth,
    config: inputs.configRecord,
  };
  if (config.shard) {
    // The configured shared start identifies the run across shards (a late shard still belongs to it).
    const startAtMs = config.startAtMs ?? run.startedAtMs;
    document.shard = { index: config.shard.index, count: config.shard.count, startAtMs };
  }
  return document;
}
