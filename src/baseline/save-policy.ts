/** Whether this run's result is stored (`baseline.save`). */
import type { BaselineConfig } from '../config/gate-schema.js';

export interface SaveContext {
  /** The triggering event (`push`, `pull_request`, ...); undefined outside CI. */
  event?: string | undefined;
  /** The branch the run is on. */
  branch?: string | undefined;
  /** The repository's default branch. */
  defaultBranch?: string | undefined;
}

/**
 * `always` / `never` say it all; `auto` stores results of pushes to the default branch only, so the
 * baseline follows what was merged and pull requests never move it.
 */
export function shouldSave(
  policy: BaselineConfig['save'],
  context: SaveContext,
): { save: boolean; reason: string } {
  if (policy === 'always') return { save: true, reason: 'baseline.save is `always`' };
  if (policy === 'never') return { save: false, reason: 'baseline.save is `never`' };
  const onDefault = context.branch !== undefined && context.branch === context.defaultBranch;
  if (context.event === 'push' && onDefault) {
    return { save: true, reason: `a push to the default branch (${context.branch})` };
  }
  return {
    save: false,
    reason: `baseline.save is \`auto\` and this is ${context.event ? `a ${context.event} event` : 'not a CI event'}${
      context.branch ? ` on ${context.branch}` : ''
    }, not a push to the default branch${context.defaultBranch ? ` (${context.defaultBranch})` : ''}`,
  };
}
