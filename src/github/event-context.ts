/**
 * The GitHub Actions context the publishers need — repository, pull request, base commit, fork or
 * not, run URL — parsed once from the environment and the event payload (both injected).
 */
import type { ResultDocument } from '../result/document.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface PullRequestContext {
  number: number;
  baseSha?: string | undefined;
  baseRef?: string | undefined;
  headSha?: string | undefined;
  /** `owner/name` of the head repository (undefined when the fork was deleted). */
  headRepository?: string | undefined;
  /** The head lives in another repository: GITHUB_TOKEN is read-only there (on `pull_request`). */
  isFork: boolean;
}

export interface EventContext {
  /** Running inside GitHub Actions. */
  inActions: boolean;
  eventName?: string | undefined;
  owner?: string | undefined;
  repo?: string | undefined;
  /** The commit under test (a PR's head, not its merge commit). */
  sha?: string | undefined;
  ref?: string | undefined;
  branch?: string | undefined;
  defaultBranch?: string | undefined;
  pullRequest?: PullRequestContext | undefined;
  /** Push events: the branch tip before the push (undefined for a new branch). */
  pushBeforeSha?: string | undefined;
  runId?: string | undefined;
  runAttempt?: number | undefined;
  serverUrl: string;
  /** The REST API base (GITHUB_API_URL; GitHub Enterprise and tests point it elsewhere). */
  apiUrl: string;
  runUrl?: string | undefined;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review']);

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Parses the context.
 * @param readEventPayload returns the text of GITHUB_EVENT_PATH, or undefined when it cannot be read
 */
export function parseEventContext(
  env: Env,
  readEventPayload: (path: string) => string | undefined,
): EventContext {
  const payloadText = env.GITHUB_EVENT_PATH ? readEventPayload(env.GITHUB_EVENT_PATH) : undefined;
  let payload: Json = {};
  try {
    payload = object(payloadText ? (JSON.parse(payloadText) as unknown) : undefined) ?? {};
  } catch {
    payload = {};
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const eventName = text(env.GITHUB_EVENT_NAME);
  const pullRequest = eventName && PR_EVENTS.has(eventName) ? parsePullRequest(payload) : undefined;
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const apiUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const runId = text(env.GITHUB_RUN_ID);
  const attempt = Number(env.GITHUB_RUN_ATTEMPT);
  const repository = owner && repo ? `${owner}/${repo}` : undefined;
  return {
    inActions: env.GITHUB_ACTIONS === 'true',
    eventName,
    owner: text(owner),
    repo: text(repo),
    sha: pullRequest?.headSha ?? text(env.GITHUB_SHA),
    ref: text(env.GITHUB_REF),
    branch: text(env.GITHUB_HEAD_REF) ?? text(env.GITHUB_REF_NAME),
    defaultBranch: text(object(payload['repository'])?.['default_branch']),
    pullRequest,
    pushBeforeSha: eventName === 'push' ? commitSha(payload['before']) : undefined,
    runId,
    runAttempt: Number.isInteger(attempt) && attempt > 0 ? attempt : undefined,
    serverUrl,
    apiUrl,
    runUrl: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : undefined,
  };
}

/** A commit sha, or undefined for the all-zero sha GitHub sends for a new branch. */
function commitSha(value: unknown): string | undefined {
  const sha = text(value);
  return sha && !/^0+$/.test(sha) ? sha : undefined;
}

function parsePullRequest(payload: Json): PullRequestContext | undefined {
  const pr = object(payload['pull_request']);
  const number = pr?.['number'];
  if (!pr || typeof number !== 'number') return undefined;
  const base = object(pr['base']);
  const head = object(pr['head']);
  const baseRepository = text(object(base?.['repo'])?.['full_name']);
  const headRepository = text(object(head?.['repo'])?.['full_name']);
  return {
    number,
    baseSha: text(base?.['sha']),
    baseRef: text(base?.['ref']),
    headSha: text(head?.['sha']),
    headRepository,
    isFork:
      headRepository === undefined || (baseRepository !== undefined && headRepository !== baseRepository),
  };
}

/** The `source` block of a result document. */
export function resultSource(context: EventContext): ResultDocument['source'] {
  const source: ResultDocument['source'] = {};
  if (context.owner && context.repo) source.repository = `${context.owner}/${context.repo}`;
  if (context.sha) source.sha = context.sha;
  if (context.ref) source.ref = context.ref;
  if (context.branch) source.branch = context.branch;
  if (context.eventName) source.event = context.eventName;
  if (context.pullRequest) source.pullRequest = context.pullRequest.number;
  if (context.pullRequest?.baseSha) source.baseSha = context.pullRequest.baseSha;
  if (context.runId) source.workflowRunId = context.runId;
  if (context.runAttempt) source.workflowRunAttempt = context.runAttempt;
  if (context.runUrl) source.workflowRunUrl = context.runUrl;
  return source;
}

/** Where an uploaded artifact can be downloaded from. */
export function artifactUrl(context: EventContext, artifactId: number): string | undefined {
  return context.runUrl ? `${context.runUrl}/artifacts/${artifactId}` : undefined;
}
