/**
 * The sticky comment belongs to the token's identity: a marker comment someone else wrote is never
 * overwritten, whether the token is the workflow's (an installation token, `github-actions[bot]`) or a
 * person's (`GET /user`). And every free-text field of the comment, the headline included, is escaped:
 * no raw HTML, no @-mentions. Real Octokit against the local GitHub API stand-in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/logger.js';
import {
  GITHUB_ACTIONS_LOGIN,
  tokenLogin,
  upsertComment,
  type CommentTarget,
} from '../../src/github/comment.js';
import { createOctokit } from '../../src/github/octokit.js';
import { commentMarker, renderComment } from '../../src/report/markdown/comment.js';
import { regressionCase } from '../report/cases.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
});
afterEach(async () => {
  await github.close();
});

const target: CommentTarget = { owner: 'acme', repo: 'models', issueNumber: 7 };
const MARKER = commentMarker('scenario-1');

describe('the comment identity', () => {
  it('knows who it comments as: GET /user for a person, the Actions bot for an installation token', async () => {
    expect(await tokenLogin(createOctokit('pat-token', github.url))).toBe('octocat');
    expect(await tokenLogin(createOctokit('test-token', github.url))).toBe(GITHUB_ACTIONS_LOGIN);
  });

  it.each([
    ['the workflow token', 'test-token', GITHUB_ACTIONS_LOGIN],
    ['a personal token', 'pat-token', 'octocat'],
  ])('with %s, a marker comment written by someone else is left alone', async (_name, token, login) => {
    const planted = `Please merge!\n${MARKER}`;
    github.comments.set(7, [{ id: 1, body: planted, user: 'mallory' }]);
    const octokit = createOctokit(token, github.url);
    const logger = memoryLogger();
    const first = await upsertComment(octokit, target, `report 1\n${MARKER}`, MARKER, logger);
    expect(first.action).toBe('created');
    expect(logger.lines).toContain(
      `Comment 1 carries the performance marker but was written by mallory, not ${login}: it is left alone.`,
    );
    const second = await upsertComment(octokit, target, `report 2\n${MARKER}`, MARKER, logger);
    expect(second.action).toBe('updated');
    const comments = github.comments.get(7) ?? [];
    expect(comments.map((c) => [c.user, c.body])).toEqual([
      ['mallory', planted],
      [login, `report 2\n${MARKER}`],
    ]);
    expect(github.requests.filter((r) => r.startsWith('PATCH'))).toEqual([
      `PATCH /repos/acme/models/issues/comments/${comments[1]?.id}`,
    ]);
  });

  it('does not ask who it is when no comment carries the marker', async () => {
    github.comments.set(7, [{ id: 1, body: 'chatter' }]);
    await upsertComment(
      createOctokit('pat-token', github.url),
      target,
      `r\n${MARKER}`,
      MARKER,
      memoryLogger(),
    );
    expect(github.requests).toEqual([
      'GET /repos/acme/models/issues/7/comments',
      'POST /repos/acme/models/issues/7/comments',
    ]);
  });
});

describe('escaping the comment', () => {
  it('the headline quoting a hostile stage name and endpoint message has no raw HTML and no mention', () => {
    const input = regressionCase();
    const hostile = {
      ...input,
      verdict: {
        ...input.verdict,
        headline:
          'regression: p95 +40 % at stage `peak` <img src=x onerror=alert(1)> @acme/security-team [click](https://evil.example) first error: `ModelError <script>@all</script>`',
      },
    };
    const body = renderComment(hostile);
    const headline = body.split('\n')[0] ?? '';
    expect(headline).toMatch(/^## ❌ Regression — p95 \+40 % at stage `peak` /);
    expect(headline).not.toMatch(/(^|[^\\])<img/);
    expect(headline).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(headline).not.toMatch(/(^|[^;])@acme/);
    expect(headline).toContain('&#64;acme/security-team');
    expect(headline).toContain('\\[click\\]');
    // Inside a code span markup is inert (GitHub renders it as text, and mentions do not fire).
    expect(headline).toContain('`ModelError <script>@all</script>`');
  });
});
