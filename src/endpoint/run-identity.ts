/**
 * Who created a resource: the run, repository and commit that names and tags every candidate
 * resource, so a leaked one can be traced to its run and swept after it expires.
 */
import { randomUUID } from 'node:crypto';

/** The identity of one gate run. */
export interface RunIdentity {
  /** The CI run id (GITHUB_RUN_ID) or, outside CI, a random local id. */
  runId: string;
  /** The run attempt (GITHUB_RUN_ATTEMPT); 1 for a first attempt. */
  attempt: number;
  /** `owner/name`, or `local` outside CI. */
  repository: string;
  /** The full commit sha being tested, or `unknown`. */
  sha: string;
}

/**
 * The run identity from the GitHub Actions environment (`GITHUB_RUN_ID`, `GITHUB_RUN_ATTEMPT`,
 * `GITHUB_REPOSITORY`, `GITHUB_SHA`); outside Actions the run id is random so two local runs never
 * share resource names.
 */
export function runIdentityFromEnv(env: Readonly<Record<string, string | undefined>>): RunIdentity {
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1');
  return {
    runId: env.GITHUB_RUN_ID || `local${randomUUID().replace(/-/g, '').slice(0, 8)}`,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
    repository: env.GITHUB_REPOSITORY || 'local',
    sha: env.GITHUB_SHA || 'unknown',
  };
}
