/**
 * The sticky PR comment: one per scenario, found by its hidden marker and updated in place on every
 * push — only a marker comment written by the token's own identity: anyone can paste the marker into a
 * comment, and the gate must never overwrite what someone else wrote. A token that may not write (pull
 * requests from forks) degrades to a notice — the job summary still carries the report and the gate
 * still decides.
 */
import type { COMMENT_POLICIES } from '../config/report-schema.js';
import { errorMessage, InfrastructureError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { EventContext } from './event-context.js';
import type { Octokit } from './octokit.js';

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

/**
 * Who the workflow's `GITHUB_TOKEN` comments as. Installation tokens may not call `GET /user`
 * (403 "Resource not accessible by integration"), so this is their identity when it refuses.
 */
export const GITHUB_ACTIONS_LOGIN = 'github-actions[bot]';

export type CommentOutcome =
  { action: 'created' | 'updated'; id: number; url: string } | { action: 'skipped'; reason: string };

/** The notice shown (log and job summary) when the token cannot comment. */
export const READ_ONLY_NOTICE =
  'The PR comment was not posted: the token may not write to this pull request (pull requests from forks get a read-only GITHUB_TOKEN). The full report is in the job summary and the artifact.';

/** Where to comment, or why not, from the `report.comment` policy and the event. */
export function commentTarget(
  policy: (typeof COMMENT_POLICIES)[number],
  context: EventContext,
): CommentTarget | { skip: string } {
  if (policy === 'never') return { skip: 'report.comment is "never"' };
  if (!context.pullRequest) return { skip: 'not a pull request event' };
  if (!context.owner || !context.repo) return { skip: 'GITHUB_REPOSITORY is not set' };
  return { owner: context.owner, repo: context.repo, issueNumber: context.pullRequest.number };
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/** Finds the comment carrying `marker` and updates it, or creates one. */
export async function upsertComment(
  octokit: Octokit,
  target: CommentTarget,
  body: string,
  marker: string,
  logger: Logger,
): Promise<CommentOutcome> {
  const where = `${target.owner}/${target.repo}#${target.issueNumber}`;
  try {
    const existing = await findOwnComment(octokit, target, marker, logger);
    if (existing !== undefined) {
      const { data } = await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing,
        body,
      });
      logger.info(`Updated the performance comment on ${where}: ${data.html_url}`);
      return { action: 'updated', id: data.id, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      body,
    });
    logger.info(`Posted the performance comment on ${where}: ${data.html_url}`);
    return { action: 'created', id: data.id, url: data.html_url };
  } catch (error) {
    if (httpStatus(error) === 403) {
      logger.warning(`${READ_ONLY_NOTICE} (${errorMessage(error)})`);
      return { action: 'skipped', reason: READ_ONLY_NOTICE };
    }
    throw new InfrastructureError(
      `Could not post the performance comment on ${where}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** The login the token acts as: `GET /user`, or the Actions bot for an installation token. */
export async function tokenLogin(octokit: Octokit): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    if (httpStatus(error) === 403) return GITHUB_ACTIONS_LOGIN;
    throw error;
  }
}

/** The first comment carrying `marker` written by the token's identity (asked only when one carries it). */
async function findOwnComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  logger: Logger,
): Promise<number | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  let login: string | undefined;
  for await (const page of pages) {
    for (const comment of page.data) {
      if (!comment.body?.includes(marker)) continue;
      login ??= await tokenLogin(octokit);
      const author = comment.user?.login;
      if (author !== undefined && author.toLowerCase() === login.toLowerCase()) return comment.id;
      logger.info(
        `Comment ${comment.id} carries the performance marker but was written by ${author ?? 'an unknown user'}, not ${login}: it is left alone.`,
      );
    }
  }
  return undefined;
}
