/** The job summary: the same report as the comment, appended to GITHUB_STEP_SUMMARY. */
import { attempt } from '../core/errors.js';
import type { Env } from './event-context.js';

/** Appends to a file (injected; node:fs/promises appendFile in production). */
export type AppendFile = (path: string, content: string) => Promise<void>;

/** Writes the summary; returns false when there is no summary file (outside Actions). */
export async function writeJobSummary(markdown: string, env: Env, appendFile: AppendFile): Promise<boolean> {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return false;
  await attempt('write the job summary', () =>
    appendFile(path, markdown.endsWith('\n') ? markdown : `${markdown}\n`),
  );
  return true;
}
