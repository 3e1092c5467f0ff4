/**
 * The gate's change-point phases (`trend:`): after a push to the default branch has stored its
 * result, the scenario's history is searched for change points (creep that no single pull request
 * shows); on a pull request, the base branch's own recent change points become notes of the verdict.
 */
import type { BaselineStore } from '../baseline/store.js';
import type { Verdict } from '../compare/verdict.js';
import type { Config } from '../config/parse.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { changePointSentence } from '../report/markdown/trend-report.js';
import { analyzeTrend } from '../trend/change-points.js';
import { baseBranchNotes, creepOnPush, type CreepReport } from '../trend/creep.js';
import type { GateContext } from './gate-context.js';

/** Whether this event is a push to the default branch with a store that keeps a history. */
function isDefaultBranchPush(context: GateContext): boolean {
  const { event } = context;
  return event.eventName === 'push' && event.branch !== undefined && event.branch === event.defaultBranch;
}

/** Change points over the stored history after a push's result was saved; undefined when not due. */
export async function creepWhenDue(
  store: BaselineStore,
  scenarioKey: string,
  config: Config,
  context: GateContext,
  logger: Logger,
): Promise<CreepReport | undefined> {
  if (!config.trend.enabled || store.kind === 'none' || !isDefaultBranchPush(context)) return undefined;
  const points = await store.trend(scenarioKey, config.trend.window);
  const report = creepOnPush(points, config.trend);
  logger.info(
    `Change points over the last ${points.length} default-branch result(s): ${report.analysis.changes.length} ` +
      `(false-positive rate ${(config.trend.falsePositiveRate * 100).toPrecision(2)} % per check).`,
  );
  for (const c of report.analysis.changes) logger.info(`- ${changePointSentence(c)}`);
  for (const c of report.newRegressions)
    logger.warning(`This push revealed a regression change point: ${changePointSentence(c)}.`);
  return report;
}

/**
 * A pull request's verdict with notes about the base branch's recent change points. A store that
 * cannot be read here only costs the note (the verdict was computed already).
 */
export async function withBaseBranchNotes(
  verdict: Verdict,
  store: BaselineStore,
  config: Config,
  context: GateContext,
  logger: Logger,
): Promise<Verdict> {
  if (!config.trend.enabled || store.kind === 'none' || !context.event.pullRequest) return verdict;
  try {
    const analysis = analyzeTrend(
      await store.trend(verdict.baseline.scenarioKey, config.trend.window),
      config.trend,
    );
    const notes = baseBranchNotes(analysis, changePointSentence);
    return notes.length ? { ...verdict, notes: [...verdict.notes, ...notes] } : verdict;
  } catch (error) {
    logger.warning(`Could not look for change points on the base branch: ${errorMessage(error)}`);
    return verdict;
  }
}
