/**
 * The gate's baseline phases: which stored results form this run's baseline (read before anything is
 * created, so a damaged store or a missing data branch fails the run early), and whether this run's
 * result becomes part of the history (`baseline.save`).
 */
import { resolveSelection } from '../baseline/commit-ancestry.js';
import { gitRunner } from '../baseline/git/git-cli.js';
import type { History } from '../baseline/history.js';
import { shouldSave } from '../baseline/save-policy.js';
import { computeScenario, type Scenario } from '../baseline/scenario-key.js';
import type { SelectionRequest } from '../baseline/selection.js';
import { openStore, type BaselineStore, type SavedResult, type StoreDeps } from '../baseline/store.js';
import type { Config } from '../config/parse.js';
import type { Logger } from '../core/logger.js';
import type { EventContext } from '../github/event-context.js';
import { loadRequestPayloads } from '../load/payloads/request-payloads.js';
import type { ResultDocument } from '../result/document.js';
import type { GateContext } from './gate-context.js';

export type BaselineDeps = Omit<StoreDeps, 'cwd'>;

/** The baseline store `baseline.store` names, rooted at the repository checkout. */
export function openBaselineStore(config: Config, context: GateContext, deps: BaselineDeps): BaselineStore {
  // A baseline path set by an input or flag is trusted; one from the file stays in the workspace.
  const workspaceDir = config.trustedPaths.includes('baseline.path') ? '/' : config.workspaceDir;
  return openStore(config.baseline, { ...deps, cwd: context.cwd, workspaceDir });
}

/** The scenario a run of `config` will have (its key needs the payload set, read here). */
export async function plannedScenario(config: Config): Promise<Scenario> {
  const payloads = await loadRequestPayloads(config.request, config.baseDir, config.workspaceDir);
  return computeScenario(config, payloads.digest);
}

/** Reads the baseline history of `scenario` for this event (merge base first on pull requests). */
export async function loadHistory(
  store: BaselineStore,
  scenario: Scenario,
  config: Config,
  context: GateContext,
  logger: Logger,
): Promise<History> {
  const inputs = selectionInputs(context.event, config.baseline.history);
  const selection: SelectionRequest =
    store.kind === 'git'
      ? await resolveSelection(gitRunner({ cwd: context.cwd }), inputs)
      : { count: inputs.count, mergeBaseSha: inputs.baseSha, branch: inputs.baseBranch };
  const history = await store.load(scenario, selection);
  if (store.kind !== 'none')
    logger.info(
      `Scenario ${scenario.key}${scenario.name ? ` (${scenario.name})` : ''}: ${history.runs.length} baseline result(s) from the ${store.kind} store` +
        (history.mergeBaseFound ? ', the merge-base commit’s result first.' : '.'),
    );
  for (const note of history.notes) logger.info(note);
  return history;
}

/** What the selection knows from the event: pull request base and head, or the commit before a push. */
function selectionInputs(event: EventContext, count: number) {
  if (event.pullRequest) {
    return {
      count,
      baseBranch: event.pullRequest.baseRef,
      baseSha: event.pullRequest.baseSha,
      headSha: event.pullRequest.headSha,
    };
  }
  if (event.eventName === 'push') return { count, baseBranch: event.branch, baseSha: event.pushBeforeSha };
  return { count };
}

/** Stores the result when `baseline.save` says so for this event; never an incomplete (partial) run. */
export async function saveWhenDue(
  store: BaselineStore,
  result: ResultDocument,
  config: Config,
  context: GateContext,
  logger: Logger,
): Promise<SavedResult | undefined> {
  const decision = shouldSave(config.baseline.save, {
    event: context.event.eventName,
    branch: context.event.branch,
    defaultBranch: context.event.defaultBranch,
  });
  if (!decision.save) {
    logger.info(`Result not stored as a baseline: ${decision.reason}.`);
    return undefined;
  }
  if (result.incomplete) {
    logger.warning(
      `Result not stored as a baseline although ${decision.reason}: the run is incomplete (${result.incomplete.reasons.join('; ')}).`,
    );
    return undefined;
  }
  if (store.kind === 'none') {
    logger.info(`Result not stored: baseline.store is \`none\` (${decision.reason}).`);
    return undefined;
  }
  logger.info(`Storing the result as a baseline: ${decision.reason}.`);
  return store.save(result);
}
