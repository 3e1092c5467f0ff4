/** `merge --config`: the merged run of the shards judged once, like the action's `mode: merge`. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../merge/cli-run.js';
import { latencySamples, shardDocument } from '../merge/fixtures.js';

const shard = (index: number) =>
  shardDocument({
    index,
    count: 2,
    scenarioKey: 'scenario-a',
    stages: [
      {
        name: 'peak',
        target: 4,
        startedAtMs: 1_700_000_000_000 + index,
        intervalsUs: [latencySamples(index, 40, 1200), latencySamples(index + 9, 40, 1300)],
      },
    ],
  });

describe('sagemaker-perf-gate merge --config', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'perf-gate-merge-judge-'));
    for (const index of [1, 2]) {
      await mkdir(join(root, `s${index}`));
      await writeFile(join(root, `s${index}`, 'result.json'), JSON.stringify(shard(index)));
    }
    await writeFile(
      join(root, 'perf.yml'),
      [
        'endpoint: { name: prod, region: us-east-1 }',
        'request: { payloads: [{ json: { inputs: [1] } }] }',
        'load: { stages: [{ name: peak, duration: 2s, target: 4 }] }',
        `baseline: { store: file, path: ${join(root, 'baseline.json')}, save: always }`,
        'compare: { min-samples: 50 }',
        'report: { cloudwatch: false }',
      ].join('\n'),
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('merges, judges the whole run once, writes the report and saves the baseline', async () => {
    const out = join(root, 'merged');
    const { code, stdout, stderr } = await runCli(
      [
        'merge',
        join(root, 's1'),
        join(root, 's2'),
        '--config',
        join(root, 'perf.yml'),
        '--out',
        out,
        // The config's paths must stay in the workspace; this one lives in a temp directory.
      ],
      { env: { GITHUB_WORKSPACE: root } },
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Merged 2 shard\(s\) of scenario scenario-a/m);
    expect(stdout).toMatch(/^PASS: /m);
    expect(existsSync(join(out, 'report.md'))).toBe(true);
    const saved = JSON.parse(await readFile(join(root, 'baseline.json'), 'utf8')) as { shards: unknown[] };
    expect(saved.shards).toHaveLength(2);
  });
});
