/**
 * The gate, shared by the action, the CLI and the demo (design.md's flow):
 *
 *   baseline history (read first: nothing is created when the store is unreadable)
 *   → (deploy candidate | existing endpoint) → load → teardown
 *   → server metrics and cost → verdict → report (through the injected publisher) → save baseline
 *
 * Each phase runs in a log group. Errors keep their class (bad input → exit 2, infrastructure → 3);
 * the verdict decides 0 or 1 under `compare.fail-on` (compare/outcome.ts; a broken run always fails). A shard of a scaled-out run (`shard: i/n`,
 * n > 1) is measured and published for the merge job, which judges the whole run once.
 */
import type { History } from '../baseline/history.js';
import type { BaselineStore, SavedResult } from '../baseline/store.js';
import { checkConfigPaths } from '../files/config-paths.js';
import { enforceLimits } from '../guardrails/enforce.js';
import { compareRun } from '../compare/compare-run.js';
import { comparePaired } from '../compare/paired/compare-paired.js';
import { decideOutcome, type Outcome } from '../compare/outcome.js';
import { verdictText } from '../report/verdict-terminal.js';
import type { Verdict } from '../compare/verdict.js';
import type { Config } from '../config/parse.js';
import { ExitCode, UserInputError } from '../core/errors.js';
import type { Redactor } from '../core/redact.js';
import { describeExistingTarget } from '../endpoint/target.js';
import { resultSource } from '../github/event-context.js';
import type { ResultDocument } from '../result/document.js';
import { redactResult } from '../result/redact-result.js';
import { enrichResult } from '../server-side/enrich-result.js';
import { loadHistory, openBaselineStore, plannedScenario, saveWhenDue } from './baseline-phase.js';
import type { GateContext } from './gate-context.js';
import { phaseDeps, type GateDeps, type PhaseDeps } from './gate-deps.js';

export type { GateDeps } from './gate-deps.js';
import { creepWhenDue, withBaseBranchNotes } from './creep-phase.js';
import type { CreepReport } from '../trend/creep.js';
import { errorMessage } from '../core/errors.js';
import { readBaseDeploy } from './base-deploy.js';
import { measure, type Measurement } from './measure.js';
import { redactHistory, withRedaction } from './redaction.js';
import type { PublishedReport, PublishedShard } from '../publish/publisher.js';

/** Deps once the run's redaction is in place. */
type RedactedDeps = PhaseDeps & { redactor: Redactor };

/** A run that was judged: measured (or merged), compared, reported and maybe saved. */
export interface JudgedRun {
  kind: 'judged';
  result: ResultDocument;
  verdict: Verdict;
  /** The baseline history the verdict compared with (merge-base result first, then newest first). */
  history: readonly ResultDocument[];
  /** 0 pass, 1 broken run / regression / SLO breach (under `compare.fail-on`). */
  exitCode: ExitCode;
  /** The one decision's outcome (compare/outcome.ts): state, exit code, reasons, warnings. */
  decision: Outcome;
  paths: PublishedReport;
  /** Where the result was stored as a baseline, when it was. */
  saved: SavedResult | undefined;
  /** Push to the default branch: change points over the stored history (`trend:`). */
  creep?: CreepReport | undefined;
}

/** One shard of a scaled-out run: measured and published; the merge job judges. */
export interface ShardRun {
  kind: 'shard';
  result: ResultDocument;
  exitCode: ExitCode;
  paths: PublishedShard;
}

export type GateOutcome = JudgedRun | ShardRun;

/** The baseline as read before the run. */
export interface BaselineRead {
  store: BaselineStore;
  history: History;
}

/** Runs the whole gate for `config` (see the file comment). */
export async function runGate(
  fileConfig: Config,
  context: GateContext,
  gateDeps: GateDeps,
): Promise<GateOutcome> {
  const deps = withRedaction(fileConfig, phaseDeps(gateDeps));
  const source = resultSource(context.event);
  const config = await enforceLimits(fileConfig, {
    inputs: deps.limits ?? {},
    cwd: context.cwd,
    baseSha: context.event.pullRequest?.baseSha,
    logger: deps.logger,
    ...(deps.git?.env ? { env: deps.git.env } : {}),
  });
  await checkConfigPaths(config, context.cwd);
  const baselineDeploy = config.compare.baselineDeploy
    ? await deps.logger.group("The base branch's deploy (A/B baseline)", () =>
        readBaseDeploy(config, context, {
          logger: deps.logger,
          ...(deps.git?.env ? { env: deps.git.env } : {}),
        }),
      )
    : undefined;
  if (config.shard && config.shard.count > 1) {
    const result = redactResult((await measure(config, { ...deps, source })).result, deps.redactor);
    const paths = await deps.logger.group('Publish the shard result', () =>
      deps.publisher.shard(result, config),
    );
    deps.logger.info(
      `Shard ${config.shard.index}/${config.shard.count} done: ${paths.resultPath} (the merge job judges the whole run).`,
    );
    return { kind: 'shard', result, exitCode: ExitCode.Pass, paths };
  }
  const baseline = await deps.logger.group('Baseline history', async () => {
    if (config.compare.mode === 'paired' && !baselineDeploy) await checkPairedBaseline(config, deps);
    return readBaseline(config, await plannedScenario(config), context, deps);
  });
  const measurement = await measure(config, { ...deps, source }, baselineDeploy);
  return judge(measurement, config, context, deps, baseline);
}

/** Paired mode: the baseline endpoint must be serving before a candidate is deployed (exit 2 if not). */
async function checkPairedBaseline(config: Config, deps: PhaseDeps): Promise<void> {
  const name = config.compare.baselineEndpoint ?? '';
  try {
    await describeExistingTarget(name, config.region, config.endpoint.variant, {
      ...deps,
      sleep: (ms) => deps.clock.sleep(ms),
    });
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    const issues = error.issues.map((i) => ({ ...i, field: 'compare.baseline-endpoint' }));
    throw new UserInputError(issues, {
      cause: error,
      title: 'Paired mode needs a serving baseline endpoint',
    });
  }
  deps.logger.info(`Paired mode: the baseline endpoint "${name}" is InService.`);
}

/** Opens the store and reads the history of `scenario` for this event. */
async function readBaseline(
  config: Config,
  scenario: ResultDocument['scenario'],
  context: GateContext,
  deps: PhaseDeps,
): Promise<BaselineRead> {
  const store = openBaselineStore(config, context, {
    clock: deps.clock,
    random: deps.random,
    logger: deps.logger,
    ...deps.git,
  });
  const history = await loadHistory(store, scenario, config, context, deps.logger);
  return { store, history: deps.redactor ? redactHistory(history, deps.redactor) : history };
}

/**
 * The judging half of the gate, for a measured run or a merged one (`mode: merge`): server metrics
 * and cost → verdict → report → save. Reads the baseline now when it was not read before.
 */
export async function judgeRun(
  measurement: Measurement,
  config: Config,
  context: GateContext,
  deps: GateDeps,
): Promise<JudgedRun> {
  return judge(measurement, config, context, withRedaction(config, phaseDeps(deps)));
}

async function judge(
  measurement: Measurement,
  config: Config,
  context: GateContext,
  deps: RedactedDeps,
  baselineRead?: BaselineRead,
): Promise<JudgedRun> {
  const { logger, redactor } = deps;
  const baseline =
    baselineRead ??
    (await logger.group('Baseline history', () =>
      readBaseline(config, measurement.result.scenario, context, deps),
    ));
  const enriched = await enrichResult(
    measurement.result,
    {
      report: config.report,
      deployStartedAtMs: measurement.deployStartedAtMs,
      pollIntervalMs: deps.cloudwatchPollIntervalMs,
    },
    { cloudwatch: deps.cloudwatch, clock: deps.clock, logger },
  );
  // Judged, published and stored only once redacted: the verdict quotes the result's error samples.
  const result = redactResult(enriched, redactor);
  const { verdict, decision } = await logger.group('Verdict', async () => {
    const compared = measurement.paired
      ? comparePaired(measurement.paired, config.compare, config.slo)
      : compareRun(result, baseline.history, config.compare, config.slo);
    const judged = redactor.value(
      await withBaseBranchNotes(compared, baseline.store, config, context, logger),
    );
    for (const line of verdictText(judged)) logger.info(line);
    return { verdict: judged, decision: decideOutcome(judged, config.compare.failOn) };
  });
  const history = baseline.history.runs;
  const paths = await logger.group('Publish the report', () =>
    deps.publisher.report({ result, verdict, history }, config),
  );
  const saved = await logger.group('Save the baseline', () =>
    saveWhenDue(baseline.store, result, config, context, logger),
  );
  const creep = saved ? await creepPhase(baseline.store, result, config, context, deps) : undefined;
  const creepFails = creep !== undefined && config.trend.failOnRegression && creep.newRegressions.length > 0;
  const exitCode =
    creepFails && decision.exitCode === ExitCode.Pass ? ExitCode.Regression : decision.exitCode;
  return { kind: 'judged', result, verdict, history, exitCode, decision, paths, saved, creep };
}

/** Change points after a default-branch push stored its result; published, never fatal to the run. */
async function creepPhase(
  store: BaselineStore,
  result: ResultDocument,
  config: Config,
  context: GateContext,
  deps: PhaseDeps,
): Promise<CreepReport | undefined> {
  return deps.logger.group('Change points on the default branch', async () => {
    try {
      const creep = await creepWhenDue(store, result.scenario.key, config, context, deps.logger);
      if (creep) await deps.publisher.trend?.(creep, config);
      return creep;
    } catch (error) {
      deps.logger.warning(`Could not look for change points on the default branch: ${errorMessage(error)}`);
      return undefined;
    }
  });
}
