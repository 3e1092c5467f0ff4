/**
 * The GitHub events the demo's runs stand for — a push to the default branch, a pull request — as
 * the runner presents them (environment variables and the event payload), read by the same parser
 * the action uses. No run id is set, so the reports carry no links to a workflow run that does not
 * exist.
 */
import { parseEventContext, type EventContext } from '../github/event-context.js';
import { DEFAULT_BRANCH } from './repository.js';

/** The demo's repository, as `owner/name`. */
export const DEMO_REPOSITORY = 'acme/ranker-serving';

const repositoryPayload = { full_name: DEMO_REPOSITORY, default_branch: DEFAULT_BRANCH };

/** A push of `sha` to the default branch, whose tip was `before`. */
export function pushEvent(sha: string, before: string | undefined): EventContext {
  return parse(
    {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_SHA: sha,
      GITHUB_REF: `refs/heads/${DEFAULT_BRANCH}`,
      GITHUB_REF_NAME: DEFAULT_BRANCH,
    },
    {
      ref: `refs/heads/${DEFAULT_BRANCH}`,
      before: before ?? '0'.repeat(40),
      after: sha,
      repository: repositoryPayload,
    },
  );
}

export interface PullRequestEventInput {
  number: number;
  title: string;
  branch: string;
  headSha: string;
  baseSha: string;
}

/** A `pull_request` event (opened) for a branch of the same repository. */
export function pullRequestEvent(pr: PullRequestEventInput): EventContext {
  return parse(
    {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_SHA: pr.headSha,
      GITHUB_REF: `refs/pull/${pr.number}/merge`,
      GITHUB_REF_NAME: `${pr.number}/merge`,
      GITHUB_HEAD_REF: pr.branch,
      GITHUB_BASE_REF: DEFAULT_BRANCH,
    },
    {
      action: 'opened',
      number: pr.number,
      pull_request: {
        number: pr.number,
        title: pr.title,
        base: { ref: DEFAULT_BRANCH, sha: pr.baseSha, repo: repositoryPayload },
        head: { ref: pr.branch, sha: pr.headSha, repo: repositoryPayload },
      },
      repository: repositoryPayload,
    },
  );
}

function parse(env: Record<string, string>, payload: unknown): EventContext {
  const text = JSON.stringify(payload);
  return parseEventContext(
    { ...env, GITHUB_REPOSITORY: DEMO_REPOSITORY, GITHUB_EVENT_PATH: 'event.json' },
    () => text,
  );
}
