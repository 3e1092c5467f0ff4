/**
 * `baseline.store: file` — one result document at `baseline.path` in the repository (committed by
 * the user's workflow). The history is that single result; a file for another scenario is never
 * compared, and a file this tool cannot read is never overwritten.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { BaselineConfig } from '../config/gate-schema.js';
import type { ResultDocument } from '../result/document.js';
import { emptyHistory, type History } from './history.js';
import { parseResultDocument } from './result-file.js';
import type { Scenario } from './scenario-key.js';
import { selectHistory, type SelectionRequest } from './selection.js';
import type { BaselineStore, SavedResult, StoreDeps, TrendPoint } from './store.js';

/** The file store for `config.path`, relative to `deps.cwd`. */
export function fileStore(config: BaselineConfig, deps: Pick<StoreDeps, 'cwd' | 'logger'>): BaselineStore {
  const path = isAbsolute(config.path) ? config.path : join(deps.cwd, config.path);
  const shown = isAbsolute(config.path) ? config.path : relative(deps.cwd, path) || config.path;

  async function readStored(): Promise<ResultDocument | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseResultDocument(text, shown);
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
