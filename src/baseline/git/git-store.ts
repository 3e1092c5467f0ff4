/**
 * `baseline.store: git` — results on a dedicated branch (default `perf-gate-data`), one file per run
 * under a directory per scenario key plus a small index (see result-index.ts). Saving re-reads the
 * branch tip, adds the result, applies retention and pushes; a writer that lost a race re-fetches
 * and applies its change again on the new tip, so concurrent writers all keep their results.
 * Each operation works in its own scratch repository under the runner's temp directory.
 */
import { InfrastructureError, UserInputError } from '../../core/errors.js';
import type { BaselineConfig } from '../../config/gate-schema.js';
import type { ResultDocument } from '../../result/document.js';
import { emptyHistory, type History } from '../history.js';
import { parseResultDocument } from '../result-file.js';
import type { Scenario } from '../scenario-key.js';
import { selectHistory, type SelectionRequest } from '../selection.js';
import type { BaselineStore, SavedResult, StoreDeps } from '../store.js';
import { openScratchRepo, scratchRoot } from './scratch-repo.js';
import { dataBranch, type DataBranch, type GitIdentity } from './data-branch.js';
import {
  addToIndex,
  indexPath,
  parseIndex,
  resultPath,
  type IndexUpdate,
  type ScenarioIndex,
} from './result-index.js';

export type { GitIdentity } from './data-branch.js';

/** The github-actions bot, so data commits are attributed like other automation. */
const DEFAULT_IDENTITY: GitIdentity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

/** Push attempts before giving up on a contended branch. */
const MAX_ATTEMPTS = 8;
/** First back-off ceiling; doubles per attempt (full jitter). */
const BACKOFF_BASE_MS = 100;

/** The git store for `config`, reading the remote and auth of the checkout at `deps.cwd`. */
export function gitStore(config: BaselineConfig, deps: StoreDeps): BaselineStore {
  const env = deps.env ?? process.env;

  /** Runs `work` with the data branch in a fresh scratch repository, deleted afterwards. */
  async function withBranch<T>(work: (branch: DataBranch) => Promise<T>): Promise<T> {
    const scratch = await openScratchRepo({
      checkoutDir: deps.cwd,
      remote: config.remote,
      branch: config.branch,
      tempRoot: deps.tempDir ?? scratchRoot(env),
      binary: deps.gitBinary,
      env,
      wrap: deps.wrapGit,
    });
    try {
      return await work(
        dataBranch({
          git: scratch.git,
          remote: config.remote,
          url: scratch.url,
          workDir: scratch.dir,
          branch: config.branch,
          identity: deps.identity ?? DEFAULT_IDENTITY,
        }),
      );
    } finally {
      await scratch.dispose();
    }
  }

  return {
    kind: 'git',
    load: (scenario, selection) => withBranch((branch) => loadHistory(branch, scenario, selection)),
    save: (result) => withBranch((branch) => saveResult(branch, result, config.retention, deps)),
    trend: (scenarioKey, limit) =>
      withBranch(async (branch) => {
        const tip = await branch.fetch();
        if (!tip) return [];
        const index = await readIndex(branch, tip, scenarioKey);
        return (index?.entries ?? []).slice(0, limit).map((e) => ({
          runId: e.runId,
          createdAt: e.createdAt,
          sha: e.sha,
          stages: e.stages,
        }));
      }),
  };
}

async function readIndex(
  branch: DataBranch,
  tip: string,
  scenarioKey: string,
): Promise<ScenarioIndex | undefined> {
  const path = indexPath(scenarioKey);
  const text = await branch.read(tip, path);
  return text === undefined ? undefined : parseIndex(text, `${branch.name}:${path}`);
}

async function loadHistory(
  branch: DataBranch,
  scenario: Scenario,
  selection: SelectionRequest,
): Promise<History> {
  const tip = await branch.fetch();
  if (!tip)
    return emptyHistory(scenario.key, [
      `No results are stored yet (branch "${branch.name}" does not exist).`,
    ]);
  const index = await readIndex(branch, tip, scenario.key);
  if (!index || index.entries.length === 0) {
    const others = (await branch.list(tip, 'scenarios')).filter((k) => k !== scenario.key);
    return emptyHistory(scenario.key, [
      `No stored results for scenario ${scenario.key} yet` +
        (others.length
          ? ` (branch "${branch.name}" holds ${others.length} other scenario(s); the key changes when the target, load profile, request shape or payloads change, and runs of different scenarios are never compared).`
          : '.'),
    ]);
  }
  const { selected, mergeBaseFound, notes } = selectHistory(index.entries, selection);
  const runs = await Promise.all(selected.map((entry) => readResult(branch, tip, entry.file, scenario.key)));
  return { scenarioKey: scenario.key, runs, mergeBaseFound, notes };
}

async function saveResult(
  branch: DataBranch,
  result: ResultDocument,
  retention: number,
  deps: StoreDeps,
): Promise<SavedResult> {
  const path = resultPath(result);
  const location = `${branch.name}:${path}`;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const tip = await branch.fetch();
    const index = tip ? await readIndex(branch, tip, result.scenario.key) : undefined;
    if (tip && (await branch.read(tip, path)) !== undefined) {
      deps.logger.info(`Result ${result.runId} is already stored at ${location}.`);
      return { location, dropped: 0, attempts: attempt };
    }
    const update = addToIndex(index, result, retention);
    const commit = await branch.commit(
      tip,
      [
        { path, content: `${JSON.stringify(result)}\n` },
        { path: indexPath(result.scenario.key), content: `${JSON.stringify(update.index, null, 1)}\n` },
      ],
      update.dropped,
      `perf-gate: result ${result.runId} for scenario ${result.scenario.key}` +
        (result.source.sha ? ` at ${result.source.sha.slice(0, 12)}` : ''),
    );
    if ((await branch.push(commit)) === 'pushed') {
      deps.logger.info(
        `Stored result ${result.runId} at ${location}` +
          (attempt > 1 ? ` after ${attempt} attempts` : '') +
          `. ${describeRetention(update, retention)}`,
      );
      return { location, dropped: update.dropped.length, attempts: attempt };
    }
    const ceilingMs = BACKOFF_BASE_MS * 2 ** (attempt - 1);
    deps.logger.info(`Branch "${branch.name}" moved while saving (attempt ${attempt}); fetching it again.`);
    await deps.clock.sleep(Math.floor(deps.random.next() * ceilingMs));
  }
  throw new InfrastructureError(
    `Could not store result ${result.runId}: branch "${branch.name}" kept moving (${MAX_ATTEMPTS} attempts)`,
  );
}

/** Run ids listed in full up to this many; longer lists name the newest and oldest. */
const LISTED_RUNS = 10;

/** `Retention 3: kept 3 (run-5, run-4, run-1); removed 1 (run-3).` */
function describeRetention(
  update: Pick<IndexUpdate, 'keptRunIds' | 'droppedRunIds'>,
  retention: number,
): string {
  const list = (ids: readonly string[]) =>
    ids.length <= LISTED_RUNS
      ? ids.join(', ')
      : `${ids.slice(0, 3).join(', ')}, … ${ids.length - 4} more …, ${ids.at(-1) ?? ''}`;
  const kept = `kept ${update.keptRunIds.length} (${list(update.keptRunIds)})`;
  const removed = update.droppedRunIds.length
    ? `removed ${update.droppedRunIds.length} (${list(update.droppedRunIds)})`
    : 'removed none';
  return `Retention ${retention} per scenario: ${kept}; ${removed}.`;
}

async function readResult(
  branch: DataBranch,
  tip: string,
  file: string,
  scenarioKey: string,
): Promise<ResultDocument> {
  const source = `${branch.name}:${file}`;
  const text = await branch.read(tip, file);
  if (text === undefined) {
    throw new UserInputError({
      field: source,
      message: 'is listed in the scenario index but missing from the branch',
      fix: `remove its entry from ${branch.name}:${indexPath(scenarioKey)} or restore the file`,
    });
  }
  const document = parseResultDocument(text, source);
  if (document.scenario.key !== scenarioKey) {
    throw new UserInputError({
      field: source,
      message: `belongs to scenario ${document.scenario.key} but is stored under scenario ${scenarioKey}`,
      fix: 'move or delete the file on the data branch; results of different scenarios are never compared',
    });
  }
  return document;
}
