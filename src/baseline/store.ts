/**
 * Baseline stores: where results are kept between runs and how a history is read back.
 * `openStore(config.baseline, deps)` picks the implementation; callers only see `BaselineStore`.
 */
import type { BaselineConfig } from '../config/gate-schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import type { ResultDocument } from '../result/document.js';
import type { Scenario } from './scenario-key.js';
import type { History } from './history.js';
import type { SelectionRequest } from './selection.js';
import { emptyHistory } from './history.js';
import { fileStore } from './file-store.js';
import { gitStore } from './git/git-store.js';
import type { GitIdentity } from './git/data-branch.js';
import type { GitRunner } from './git/git-cli.js';

export interface SavedResult {
  /** Where the result went, for the log and the report (e.g. `perf-gate-data:scenarios/…/runs/….json`). */
  location: string;
  /** Results dropped by the retention limit. */
  dropped: number;
  /** Push attempts it took (git store; lost races are retried). */
  attempts: number;
}

/** A point of the per-commit trend (git store), newest first. */
export interface TrendPoint {
  runId: string;
  createdAt: string;
  sha?: string | undefined;
  stages: { name: string; p95Ms: number; throughputRps: number; errorRate: number }[];
}

export interface BaselineStore {
  readonly kind: BaselineConfig['store'];
  /** The selected history of a scenario (empty, with a note, when nothing comparable is stored). */
  load(scenario: Scenario, selection: SelectionRequest): Promise<History>;
  /** Stores a result. Throws rather than overwrite anything it cannot read. */
  save(result: ResultDocument): Promise<SavedResult>;
  /** Stored results of a scenario as trend points, newest first (empty when the store has none). */
  trend(scenarioKey: string, limit: number): Promise<TrendPoint[]>;
}

export interface StoreDeps {
  /** The repository checkout (git store: its remotes and auth are read, never changed) and the root `baseline.path` is relative to (file store). */
  cwd: string;
  /** File store: the file must stay inside this directory after resolving symlinks. Default `cwd`. */
  workspaceDir?: string;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Git store: the git executable. Default `git`. */
  gitBinary?: string;
  /** Git store: author and committer of data commits. Default the github-actions bot. */
  identity?: GitIdentity;
  /** Git store: environment for git (default: this process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Git store: wraps git in the scratch repository (tests stage races with it). */
  wrapGit?: (runner: GitRunner) => GitRunner;
  /** Git store: where scratch repositories go. Default `RUNNER_TEMP`, else the OS temp directory. */
  tempDir?: string;
}

/** The store `baseline.store` asks for. */
export function openStore(config: BaselineConfig, deps: StoreDeps): BaselineStore {
  switch (config.store) {
    case 'git':
      return gitStore(config, deps);
    case 'file':
      return fileStore(config, deps);
    case 'none':
      return noStore();
  }
}

function noStore(): BaselineStore {
  return {
    kind: 'none',
    load: async (scenario) =>
      emptyHistory(scenario.key, [
        'baseline.store is `none`: no earlier results are kept, so nothing is compared.',
      ]),
    save: async () => ({ location: '(not stored: baseline.store is none)', dropped: 0, attempts: 0 }),
    trend: async () => [],
  };
}
