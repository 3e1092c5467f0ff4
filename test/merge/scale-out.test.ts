/**
 * Scale-out end to end: three shard processes (the real CLI, `run --shard i/3 --start-at T`) load the
 * emulator at once, then `merge` (again the real CLI) combines their results. Checked against what the
 * shards recorded and what the emulator served, never against wall-clock expectations alone.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { decodeHistogram, mergeHistograms, percentileMs } from '../../src/metrics/histogram.js';
import { resultDocumentSchema, type ResultDocument } from '../../src/result/document.js';
import { runCli, type CliOutcome } from './cli-run.js';

const SHARDS = 3;
const STAGES = [
  { name: 'low', durationMs: 3000, targetRps: 90 },
  { name: 'high', durationMs: 3000, targetRps: 150 },
];
/** Enough for three CLI processes to boot on a busy 2-core machine before the shared start. */
const START_LEAD_MS = 10_000;

const CONFIG = `
endpoint: { name: demo, region: us-east-1 }
request: { payloads: [{ json: { inputs: "scale out" } }] }
load:
  mode: arrival-rate
  arrivals: constant
  warmup: 0s
  workers: 1
  stages:
${STAGES.map((s) => `    - { name: ${s.name}, duration: ${s.durationMs / 1000}s, target: ${s.targetRps} }`).join('\n')}
`;

async function readResult(dir: string): Promise<ResultDocument> {
  return resultDocumentSchema.parse(JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')));
}

describe('scale-out: shard processes against the emulator, then merge', () => {
  let emulator: RunningEmulator;
  let root: string;
  let shardRuns: CliOutcome[];
  let shards: ResultDocument[];
  let mergeRun: CliOutcome;
  let merged: ResultDocument;
  const shardDir = (i: number) => join(root, `shard-${i}`);

  beforeAll(async () => {
    emulator = await startEmulator({ recordRequests: 0 });
    root = await mkdtemp(join(tmpdir(), 'perf-gate-scale-'));
    await writeFile(join(root, 'perf-gate.yml'), CONFIG);
    const startAt = String(Date.now() + START_LEAD_MS);
    shardRuns = await Promise.all(
      Array.from({ length: SHARDS }, (_, k) =>
        runCli(
          [
            'run',
            '--config',
            join(root, 'perf-gate.yml'),
            '--shard',
            `${k + 1}/${SHARDS}`,
            '--start-at',
            startAt,
            '--out',
            shardDir(k + 1),
            '--no-preflight',
          ],
          { env: emulator.env },
        ),
      ),
    );
    shards = await Promise.all(shardRuns.map((_, k) => readResult(shardDir(k + 1))));
    mergeRun = await runCli([
      'merge',
      ...shards.map((_, k) => shardDir(k + 1)),
      '--out',
      join(root, 'merged'),
    ]);
    merged = await readResult(join(root, 'merged'));
  }, 60_000);

  afterAll(async () => {
    await emulator?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('runs every shard and merges them into one complete result', () => {
    for (const run of shardRuns) expect(run.code, run.stderr).toBe(0);
    expect(mergeRun.code, mergeRun.stderr).toBe(0);
    expect(merged.incomplete).toBeUndefined();
    expect(merged.shards?.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(new Set(shards.map((s) => s.scenario.key)).size).toBe(1);
    expect(merged.scenario.key).toBe(shards[0]?.scenario.key);
  });

  it('gives each stage the p50/p95/p99 of the union of the shards’ recorded latencies, exactly', () => {
    for (const [k, stage] of merged.stages.entries()) {
      const union = mergeHistograms(shards.map((s) => decodeHistogram(s.stages[k]!.stats.latency.histogram)));
      expect(stage.stats.latency.count).toBe(union.totalCount);
      expect(stage.stats.latency.p50Ms).toBe(percentileMs(union, 50));
      expect(stage.stats.latency.p95Ms).toBe(percentileMs(union, 95));
      expect(stage.stats.latency.p99Ms).toBe(percentileMs(union, 99));
      expect(stage.stats.latency.maxMs).toBe(union.maxValue / 1000);
      // Interval by interval, nothing is lost either.
      const intervalOk = stage.intervals.reduce((t, i) => t + decodeHistogram(i.histogram).totalCount, 0);
      expect(intervalOk).toBe(stage.stats.ok);
    }
  });

  it('sums throughput, and together the shards generated the single-runner target', () => {
    for (const [k, stage] of merged.stages.entries()) {
      const plan = STAGES[k]!;
      const sumRps = shards.reduce((t, s) => t + s.stages[k]!.stats.throughputRps, 0);
      expect(Math.abs(stage.stats.throughputRps - sumRps) / sumRps).toBeLessThan(0.01);
      expect(stage.target).toBe(plan.targetRps);
      // Each shard took every third arrival of the constant schedule: together, the whole schedule.
      const generated = stage.stats.requests + stage.stats.dropped;
      const planned = (plan.targetRps * plan.durationMs) / 1000;
      expect(Math.abs(generated - planned) / planned).toBeLessThan(0.01);
      const perShard = shards.map((s) => s.stages[k]!.stats.requests + s.stages[k]!.stats.dropped);
      expect(Math.max(...perShard) - Math.min(...perShard)).toBeLessThanOrEqual(1);
    }
  });

  it('counted every request the emulator served exactly once', () => {
    const served = emulator.outcomes('demo');
    expect(merged.overall.ok).toBe(served.ok);
    expect(merged.overall.requests).toBe(shards.reduce((t, s) => t + s.overall.requests, 0));
  });

  it('fails clearly on a missing shard, a shard of another scenario and a corrupt shard file', async () => {
    const missing = await runCli(['merge', shardDir(1), shardDir(3), '--out', join(root, 'partial')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('shard 2/3 produced no result document');
    expect((await readResult(join(root, 'partial'))).incomplete?.missingShards).toEqual([2]);
    // The verdict on the partial load: inconclusive, naming the shard — never a pass.
    const verdict = await runCli([
      'compare',
      join(root, 'merged', 'result.json'),
      join(root, 'partial', 'result.json'),
      '--json',
    ]);
    const parsed = JSON.parse(verdict.stdout) as { state: string; failed: boolean };
    expect(parsed.state).toBe('inconclusive');
    expect(verdict.stdout).toContain('shard 2/3 produced no result document');

    const foreign = join(root, 'foreign');
    await mkdir(foreign);
    const other = { ...shards[1]!, scenario: { ...shards[1]!.scenario, key: 'another-scenario' } };
    await writeFile(join(foreign, 'result.json'), JSON.stringify(other));
    const wrongScenario = await runCli(['merge', shardDir(1), foreign, shardDir(3)]);
    expect(wrongScenario.code).toBe(2);
    expect(wrongScenario.stderr).toContain(
      `${join(foreign, 'result.json')}: shard 2/3 ran another scenario (key another-scenario`,
    );

    const corrupt = join(root, 'corrupt');
    await mkdir(corrupt);
    await copyFile(join(shardDir(2), 'result.json'), join(corrupt, 'result.json'));
    const text = await readFile(join(corrupt, 'result.json'), 'utf8');
    await writeFile(join(corrupt, 'result.json'), text.slice(0, Math.floor(text.length / 2)));
    const broken = await runCli(['merge', shardDir(1), corrupt, shardDir(3)]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${join(corrupt, 'result.json')}: is corrupt: not valid JSON`);
  }, 180_000);
});
