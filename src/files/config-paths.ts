/**
 * The up-front check of every path a config names, run before anything is created: a missing
 * payload file, a symlink out of the workspace or an output directory outside it is exit 2 with
 * the field named, not a failure after an endpoint was deployed.
 */
import { resolve } from 'node:path';
import type { Config } from '../config/parse.js';
import { confinedTarget } from './confined-files.js';

/**
 * Checks `report.output-dir` and (file store) `baseline.path`; payloads are checked when loaded.
 * @param cwd what a path that is still relative (a config parsed without a file) is relative to
 */
export async function checkConfigPaths(config: Config, cwd: string): Promise<void> {
  const trusted = new Set(config.trustedPaths);
  const workspace = (field: string) => (trusted.has(field) ? '/' : config.workspaceDir);
  await confinedTarget(
    {
      field: 'report.output-dir',
      given: config.report.outputDir,
      path: resolve(cwd, config.report.outputDir),
    },
    workspace('report.output-dir'),
    'directory',
  );
  if (config.baseline.store === 'file') {
    await confinedTarget(
      { field: 'baseline.path', given: config.baseline.path, path: resolve(cwd, config.baseline.path) },
      workspace('baseline.path'),
      'file',
    );
  }
}
