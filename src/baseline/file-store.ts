/**
 * `baseline.store: file` — one result document at `baseline.path` in the repository (committed by
 * the user's workflow). The history is that single result; a file for another scenario is never
 * compared, and a file this tool cannot read is never overwritten.
 */
import { lstat, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { confinedTarget, readConfinedFile, type PathRef } from '../files/confined-files.js';
import type { BaselineConfig } from '../config/gate-schema.js';
import type { ResultDocument } from '../result/document.js';
import { emptyHistory, type History } from './history.js';
import { parseResultDocument } from './result-file.js';
import type { Scenario } from './scenario-key.js';
import { selectHistory, type SelectionRequest } from './selection.js';
import type { BaselineStore, SavedResult, StoreDeps, TrendPoint } from './store.js';

/** The largest baseline file read (a result document with histograms is a few MiB). */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/**
 * The file store for `config.path` (absolute once parsed; a relative one is taken relative to
 * `deps.cwd`). The file must stay inside `deps.workspaceDir` (default `deps.cwd`) after resolving
 * symlinks, be a regular file of at most 64 MiB, and its content is never quoted in errors.
 */
export function fileStore(
  config: BaselineConfig,
  deps: Pick<StoreDeps, 'cwd' | 'logger' | 'workspaceDir'>,
): BaselineStore {
  const path = isAbsolute(config.path) ? config.path : join(deps.cwd, config.path);
  const shown = relative(deps.cwd, path).startsWith('..') ? path : relative(deps.cwd, path) || config.path;
  const ref: PathRef = { field: 'baseline.path', given: config.path, path };
  const workspaceDir = deps.workspaceDir ?? deps.cwd;

  async function readStored(): Promise<ResultDocument | undefined> {
    try {
      await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        await confinedTarget(ref, workspaceDir, 'file');
        return undefined;
      }
      throw error;
    }
    const bytes = await readConfinedFile(ref, workspaceDir, MAX_BASELINE_BYTES);
    return parseResultDocument(bytes.toString('utf8'), shown);
  }

  return {
    kind: 'file',

    async load(scenario: Scenario, selection: SelectionRequest): Promise<History> {
      const stored = await readStored();
      if (!stored) return emptyHistory(scenario.key, [`No baseline file at ${shown} yet.`]);
      if (stored.scenario.key !== scenario.key) {
        return emptyHistory(scenario.key, [
          `The baseline at ${shown} is for scenario ${stored.scenario.key} (${describeDifference(stored.scenario.components, scenario.components)}); ` +
            `this run is scenario ${scenario.key}, so it is not compared. Saving this run replaces it.`,
        ]);
      }
      const { selected, mergeBaseFound, notes } = selectHistory(
        [{ runId: stored.runId, createdAt: stored.createdAt, sha: stored.source.sha, document: stored }],
        { ...selection, ancestry: undefined, branch: undefined },
      );
      return { scenarioKey: scenario.key, runs: selected.map((s) => s.document), mergeBaseFound, notes };
    },

    async save(result: ResultDocument): Promise<SavedResult> {
      // Reading first makes a damaged or foreign file an error instead of silently replacing it.
      await readStored();
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(result)}\n`, 'utf8');
      await rename(temporary, path);
      deps.logger.info(`Stored result ${result.runId} at ${shown}.`);
      return { location: shown, dropped: 0, attempts: 1 };
    },

    async trend(scenarioKey: string): Promise<TrendPoint[]> {
      const stored = await readStored();
      if (!stored || stored.scenario.key !== scenarioKey) return [];
      return [
        {
          runId: stored.runId,
          createdAt: stored.createdAt,
          sha: stored.source.sha,
          stages: stored.stages.map((s) => ({
            name: s.name,
            p95Ms: s.stats.latency.p95Ms,
            throughputRps: s.stats.throughputRps,
            errorRate: s.stats.errorRate,
          })),
        },
      ];
    },
  };
}

/** "load: a → b; payloads: x → y": which components differ. */
export function describeDifference(stored: Record<string, string>, current: Record<string, string>): string {
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(current)])].sort();
  const changed = keys.filter((k) => stored[k] !== current[k]);
  if (changed.length === 0) return 'same components, different key version';
  return changed.map((k) => `${k}: ${stored[k] ?? '(none)'} → ${current[k] ?? '(none)'}`).join('; ');
}
