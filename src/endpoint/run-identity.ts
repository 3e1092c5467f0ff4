/**
 * Who created a resource: the run, repository, commit, job and leg that name and tag every candidate
 * resource, so a leaked one can be traced to its run and swept after it expires — and two matrix legs
 * of one run (same run id, commit and job) never share a name or delete each other's resources.
 */
import { randomBytes } from 'node:crypto';

/** The identity of one gate run. */
export interface RunIdentity {
  /** The CI run id (GITHUB_RUN_ID) or, outside CI, a random local id. */
  runId: string;
  /** The run attempt (GITHUB_RUN_ATTEMPT); 1 for a first attempt. */
  attempt: number;
  /** `owner/name`, or `local` outside CI. */
  repository: string;
  /** The full commit sha being tested (on pull requests the head commit), or `unknown`. */
  sha: string;
  /** The workflow job id (GITHUB_JOB); absent outside Actions. */
  job?: string | undefined;
  /**
   * A short random id of this process (one leg of a matrix job, one attempt): Actions gives matrix legs
   * of a job no id of their own, so names carry this to stay unique. Absent = not part of the names.
   */
  leg?: string | undefined;
}

/** Length of the random leg id (lower-case letters and digits: 36^5 ≈ 60 million values). */
const LEG_ID_LENGTH = 5;

/** A random leg id. */
function randomLegId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(LEG_ID_LENGTH)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * The run identity from the GitHub Actions environment (`GITHUB_RUN_ID`, `GITHUB_RUN_ATTEMPT`,
 * `GITHUB_REPOSITORY`, `GITHUB_JOB`, and the commit: `headSha` — the pull request's head commit, so
 * the candidate, its tags and the report name one commit — else `GITHUB_SHA`), with a random leg id.
 * Outside Actions the run id is random too, so two local runs never share resource names.
 */
export function runIdentityFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: { headSha?: string | undefined; leg?: string | undefined } = {},
): RunIdentity {
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1');
  return {
    runId: env.GITHUB_RUN_ID || `local${randomUUIDPart()}`,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
    repository: env.GITHUB_REPOSITORY || 'local',
    sha: options.headSha || env.GITHUB_SHA || 'unknown',
    ...(env.GITHUB_JOB ? { job: env.GITHUB_JOB } : {}),
    leg: options.leg ?? randomLegId(),
  };
}

function randomUUIDPart(): string {
  return randomBytes(4).toString('hex');
}
