/**
 * Names of the action's inputs, outputs and saved state, in one place (action.yml must match; a test
 * checks it).
 */
import { OUTPUT_NAMES } from '../github/outputs.js';

export const Inputs = {
  /** Path to the config file. Default `.github/perf-gate.yml`. */
  Config: 'config',
  /** `run` (default) gates the endpoint; `merge` judges the shards of a scaled-out run; `sweep` deletes expired resources. */
  Mode: 'mode',
  /** Token for the PR comment (masked before anything is logged). Default `${{ github.token }}`. */
  GithubToken: 'github-token',
  /** Sweep mode: also delete our resources created at least this long ago (e.g. `2h`). */
  SweepOlderThan: 'sweep-older-than',
  /** Sweep mode: list what would be deleted, delete nothing. */
  SweepDryRun: 'sweep-dry-run',
} as const;

/**
 * Inputs that override one setting of the config file each (empty = the file's value); the same
 * names as the CLI's flags (src/config/setting-inputs.ts).
 */
export { SETTING_NAMES as SETTING_INPUTS } from '../config/setting-inputs.js';

/** Guardrail inputs: limits a pull request's config cannot loosen (src/action/limit-inputs.ts). */
export { LIMIT_INPUT_NAMES as LIMIT_INPUTS } from './limit-inputs.js';

export const MODES = ['run', 'merge', 'sweep'] as const;
export type Mode = (typeof MODES)[number];

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}

/** Sweep mode's only output: how many resources were due for deletion. */
export const SWEPT_OUTPUT = 'swept';

/**
 * Pushes to the default branch: the change points found over the scenario's stored history
 * (`trend:`), as JSON — `[{ stage, metric, before, after, change, confidence, direction, recent }]`.
 */
export const CHANGE_POINTS_OUTPUT = 'change-points';

/** Every output action.yml declares: the gate's (`OUTPUT_NAMES`), sweep mode's and the change points. */
export const OUTPUTS = [...OUTPUT_NAMES, SWEPT_OUTPUT, CHANGE_POINTS_OUTPUT] as const;
