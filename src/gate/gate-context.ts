/** Where a gate runs: the CI event (mostly empty outside GitHub Actions) and the repository checkout. */
import { readFileSync } from 'node:fs';
import { parseEventContext, type Env, type EventContext } from '../github/event-context.js';

export interface GateContext {
  /** The triggering event: pull request base/head, pushed branch, default branch, run links. */
  event: EventContext;
  /**
   * The repository checkout: the git store and the merge-base selection run git here, and a relative
   * `baseline.path` is resolved against it.
   */
  cwd: string;
  /**
   * The base commit `compare.baseline-deploy: base` deploys from, when it is not the pull request's
   * base (the CLI's `--base-ref`, resolved to a commit id).
   */
  baseCommit?: string | undefined;
}

/** The context of a process: the event from `GITHUB_EVENT_PATH` (when set) and `cwd`. */
export function gateContextFromEnv(env: Env, cwd: string): GateContext {
  return { event: parseEventContext(env, readEventPayload), cwd };
}

function readEventPayload(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
