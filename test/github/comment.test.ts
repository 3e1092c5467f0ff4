/** Comment upsert with the real Octokit from @actions/github against a local stand-in for the API. */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/logger.js';
import { commentTarget, READ_ONLY_NOTICE, upsertComment } from '../../src/github/comment.js';
import { parseEventContext } from '../../src/github/event-context.js';
import { writeJobSummary } from '../../src/github/job-summary.js';
import { createOctokit } from '../../src/github/octokit.js';
import { commentMarker, renderComment, renderSummary } from '../../src/report/markdown/comment.js';
import { passCase, regressionCase } from '../report/cases.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
});
afterEach(async () => {
  await github.close();
});

function prContext(fork: boolean) {
  const payload = JSON.stringify({
    pull_request: {
      number: 7,
      base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/models' } },
      head: {
        sha: 'c'.repeat(40),
        ref: 'feature',
        repo: { full_name: fork ? 'someone/models' : 'acme/models' },
      },
    },
    repository: { default_branch: 'main' },
  });
  return parseEventContext(
    {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: '/event.json',
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_API_URL: github.url,
      GITHUB_RUN_ID: '42',
    },
    (path) => (path === '/event.json' ? payload : undefined),
  );
}

describe('sticky PR comment', () => {
  it('creates the comment on the first run and updates the same one on the next push', async () => {
    // 150 other comments: the marker search must follow the API's pagination.
    github.comments.set(
      7,
      Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `chatter ${i}` })),
    );
    const context = prContext(false);
    const target = commentTarget('auto', context);
    if ('skip' in target) throw new Error(target.skip);
    const octokit = createOctokit('test-token', context.apiUrl);
    const logger = memoryLogger();
    const first = passCase();
    const marker = commentMarker(first.result.scenario.key);
    const created = await upsertComment(octokit, target, renderComment(first), marker, logger);
    expect(created.action).toBe('created');
    const second = regressionCase();
    const updated = await upsertComment(octokit, target, renderComment(second), marker, logger);
    expect(updated).toMatchObject({ action: 'updated', id: created.action === 'created' ? created.id : -1 });
    const ours = github.comments.get(7)!.filter((c) => c.body.includes(marker));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body.startsWith('## ❌ Regression')).toBe(true);
    expect(updated.action !== 'skipped' && updated.url).toMatch(
      /^https:\/\/github\.com\/acme\/models\/pull\/7#issuecomment-\d+$/,
    );
    expect(github.requests.filter((r) => r.startsWith('GET')).length).toBeGreaterThanOrEqual(4);
    // Another scenario gets its own comment.
    const other = await upsertComment(
      octokit,
      target,
      'other scenario\n<!-- x -->',
      commentMarker('another-key'),
      logger,
    );
    expect(other.action).toBe('created');
  });

  it('degrades to a notice on a fork token’s 403, while the job summary is still written', async () => {
    github.readOnly = true;
    const context = prContext(true);
    expect(context.pullRequest?.isFork).toBe(true);
    const target = commentTarget('auto', context);
    if ('skip' in target) throw new Error(target.skip);
    const logger = memoryLogger();
    const input = passCase();
    const outcome = await upsertComment(
      createOctokit('test-token', context.apiUrl),
      target,
      renderComment(input),
      commentMarker(input.result.scenario.key),
      logger,
    );
    expect(outcome).toEqual({ action: 'skipped', reason: READ_ONLY_NOTICE });
    expect(logger.lines.some((l) => l.startsWith('warning: The PR comment was not posted'))).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'perf-gate-summary-'));
    try {
      const summaryPath = join(dir, 'summary.md');
      const summary = renderSummary({
        ...input,
        notices: [outcome.action === 'skipped' ? outcome.reason : ''],
      });
      expect(await writeJobSummary(summary, { GITHUB_STEP_SUMMARY: summaryPath }, appendFile)).toBe(true);
      const written = await readFile(summaryPath, 'utf8');
      expect(written.startsWith('## ✅ Pass')).toBe(true);
      expect(written).toContain('The PR comment was not posted');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with context on other API errors', async () => {
    const octokit = createOctokit('wrong-token', github.url);
    await expect(
      upsertComment(octokit, { owner: 'acme', repo: 'models', issueNumber: 7 }, 'x', 'm', memoryLogger()),
    ).rejects.toThrow(/Could not post the performance comment on acme\/models#7: .*Bad credentials/);
  });

  it('skips outside pull requests and when the policy says never', () => {
    expect(commentTarget('never', prContext(false))).toEqual({ skip: 'report.comment is "never"' });
    const push = parseEventContext(
      { GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'acme/models' },
      () => undefined,
    );
    expect(commentTarget('always', push)).toEqual({ skip: 'not a pull request event' });
  });
});
