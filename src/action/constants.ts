/** Names of the action's inputs and saved state, in one place (action.yml must match). */
export { TEARDOWN_STATE_KEY } from '../endpoint/state.js';

export const Inputs = {
  /** Path to the config file. Default `.github/perf-gate.yml`. */
  Config: 'config',
  /** `run` (default) gates the endpoint; `sweep` deletes expired perf-gate resources instead. */
  Mode: 'mode',
  /** Sweep mode: also delete our resources created at least this long ago (e.g. `2h`). */
  SweepOlderThan: 'sweep-older-than',
  /** Sweep mode: list what would be deleted, delete nothing. */
  SweepDryRun: 'sweep-dry-run',
} as const;

export const MODES = ['run', 'sweep'] as const;
export type Mode = (typeof MODES)[number];

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}
