import { describe, expect, it } from 'vitest';
import { artifactUrl, parseEventContext, resultSource } from '../../src/github/event-context.js';
import { buildOutputs, OUTPUT_NAMES, setOutputs } from '../../src/github/outputs.js';
import { regressionCase } from '../report/cases.js';

const ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_EVENT_PATH: '/e.json',
  GITHUB_REPOSITORY: 'acme/models',
  GITHUB_SHA: 'merge0000',
  GITHUB_REF: 'refs/pull/7/merge',
  GITHUB_HEAD_REF: 'feature',
  GITHUB_REF_NAME: '7/merge',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://github.example.com/',
  GITHUB_API_URL: 'https://github.example.com/api/v3',
};

describe('event context', () => {
  it('reads the pull request, its base, the head commit and fork status', () => {
    const payload = {
      pull_request: {
        number: 7,
        base: { sha: 'base1', ref: 'main', repo: { full_name: 'acme/models' } },
        head: { sha: 'head1', repo: { full_name: 'fork/models' } },
      },
      repository: { default_branch: 'main' },
    };
    const context = parseEventContext(ENV, (p) => (p === '/e.json' ? JSON.stringify(payload) : undefined));
    expect(context).toMatchObject({
      inActions: true,
      owner: 'acme',
      repo: 'models',
      sha: 'head1',
      branch: 'feature',
      defaultBranch: 'main',
      pullRequest: { number: 7, baseSha: 'base1', baseRef: 'main', headSha: 'head1', isFork: true },
      apiUrl: 'https://github.example.com/api/v3',
      runUrl: 'https://github.example.com/acme/models/actions/runs/42',
      runAttempt: 2,
    });
    expect(resultSource(context)).toEqual({
      repository: 'acme/models',
      sha: 'head1',
      ref: 'refs/pull/7/merge',
      branch: 'feature',
      event: 'pull_request',
      pullRequest: 7,
      baseSha: 'base1',
      workflowRunId: '42',
      workflowRunAttempt: 2,
      workflowRunUrl: 'https://github.example.com/acme/models/actions/runs/42',
    });
    expect(artifactUrl(context, 99)).toBe(
      'https://github.example.com/acme/models/actions/runs/42/artifacts/99',
    );
  });

  it('treats a same-repository PR as not a fork, and survives a push, a missing or broken payload', () => {
    const same = {
      pull_request: { number: 3, base: { repo: { full_name: 'a/b' } }, head: { repo: { full_name: 'a/b' } } },
    };
    expect(parseEventContext(ENV, () => JSON.stringify(same)).pullRequest?.isFork).toBe(false);
    const push = parseEventContext(
      { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 's', GITHUB_REF_NAME: 'main' },
      () => '{not json',
    );
    expect(push).toMatchObject({
      inActions: false,
      sha: 's',
      branch: 'main',
      apiUrl: 'https://api.github.com',
    });
    expect(push.pullRequest).toBeUndefined();
    expect(push.runUrl).toBeUndefined();
    expect(parseEventContext({}, () => undefined).serverUrl).toBe('https://github.com');
  });
});

describe('action outputs', () => {
  it('sets every declared output from the run', () => {
    const { result, verdict } = regressionCase();
    const outputs = buildOutputs({
      result,
      verdict,
      resultPath: '/o/result.json',
      reportPath: '/o/report.md',
      commentUrl: 'https://c',
      artifactId: 7,
    });
    const peak = result.stages[1]!;
    expect(outputs).toMatchObject({
      verdict: 'regression',
      regression: 'true',
      'p95-ms': String(Number(peak.stats.latency.p95Ms.toFixed(3))),
      'comment-url': 'https://c',
      'artifact-id': '7',
      'result-path': '/o/result.json',
    });
    expect(Number(outputs['cost-per-million-usd'])).toBeGreaterThan(0);
    const set: [string, string][] = [];
    setOutputs(outputs, (name, value) => set.push([name, value]));
    expect(set.map(([n]) => n)).toEqual([...OUTPUT_NAMES]);
  });
});
