/**
 * The instance comparison from an Actions matrix (src/merge/instance-legs.ts): three legs' result.json
 * files — capacity runs of one instance type each — merge into the comparison a single-job comparison
 * writes (rows, recommendation, the recommended leg's run), through the function, the `merge` CLI
 * (then judged with `--config`), and `mode: merge`'s download of the legs' artifacts with the real
 * `@actions/artifact` client against the local artifact service. Legs that do not belong together are
 * refused, naming the file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { memoryLogger } from '../../src/core/logger.js';
import { isInstanceLegSet, mergeInstanceLegs } from '../../src/merge/instance-legs.js';
import { mergeShardArtifacts } from '../../src/merge/shard-artifacts.js';
import type { ShardInput } from '../../src/merge/shard-set.js';
import { resultDocumentSchema, type ResultDocument } from '../../src/result/document.js';
import { makeResult } from '../compare/fixtures.js';
import { startFakeArtifactService } from '../github/fake-artifact-service.js';
import { runCli } from './cli-run.js';

const clock = { nowMs: () => Date.UTC(2026, 0, 1) };
const root = mkdtempSync(join(tmpdir(), 'perf-gate-legs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * One leg: a capacity run of `instanceType` whose limit is `limit` users at `rps` requests/s.
 * Prices (us-east-1): m5 $0.23/h, c5 $0.204/h, g5 $1.408/h.
 */
function leg(
  instanceType: string,
  limit: number,
  rps: number,
  extra: Partial<ResultDocument> = {},
): ResultDocument {
  const doc = makeResult({
    runId: `leg-${instanceType}`,
    seed: limit,
    stages: [{ name: 'probe-01-2users', seconds: 3 }],
  });
  doc.source = { ...doc.source, sha: 'a'.repeat(40), workflowRunId: '900' };
  doc.target = {
    endpointName: `perf-gate-x-${instanceType}`,
    region: 'us-east-1',
    instanceType,
    instanceCount: 1,
    deployed: true,
  };
  doc.capacity = {
    by: 'concurrency',
    unit: 'users',
    outcome: 'found',
    limit,
    brokeAt: limit * 1.25,
    slo: { p95Ms: 400, errorRate: 0.01 },
    resolution: 0.3,
    throughputRps: rps,
    latency: { p50Ms: 200, p95Ms: 300, p99Ms: 350 },
    probes: [
      {
        load: 2,
        outcome: 'meets',
        stages: ['probe-01-2users'],
        p95Ms: 250,
        throughputRps: 10,
        errorRate: 0,
        why: 'x',
      },
    ],
    message: `The capacity is ${limit} users.`,
    budgetMs: 15_000,
    elapsedMs: 12_000,
  };
  return resultDocumentSchema.parse({ ...doc, ...extra });
}

const LEGS = [leg('ml.g5.xlarge', 28, 140), leg('ml.m5.xlarge', 1, 5), leg('ml.c5.xlarge', 6, 30)];
const inputs = (docs: readonly ResultDocument[]): ShardInput[] =>
  docs.map((document) => ({ source: `${document.target.instanceType}/result.json`, document }));

describe('merging the legs of a matrix over instance types', () => {
  it('builds the comparison and the recommendation of a single-job comparison', () => {
    expect(isInstanceLegSet(inputs(LEGS))).toBe(true);
    const merged = mergeInstanceLegs(inputs(LEGS), { clock });
    const rows = merged.comparison ?? [];
    // Ordered by type name (legs arrive in no particular order).
    expect(rows.map((r) => [r.instanceType, r.limit, r.brokeAt])).toEqual([
      ['ml.c5.xlarge', 6, 7.5],
      ['ml.g5.xlarge', 28, 35],
      ['ml.m5.xlarge', 1, 1.25],
    ]);
    // Per 1M requests: c5 $0.204/(30 rps) beats g5 $1.408/(140 rps) and m5 $0.23/(5 rps).
    expect(rows.filter((r) => r.recommended).map((r) => r.instanceType)).toEqual(['ml.c5.xlarge']);
    expect(rows[0]?.costPerMillionRequestsUsd).toBeCloseTo((0.204 / (30 * 3600)) * 1e6, 6);
    // The merged result is the recommended leg's run, under its own id.
    expect(merged.target.instanceType).toBe('ml.c5.xlarge');
    expect(merged.capacity?.limit).toBe(6);
    expect(merged.runId).toMatch(/^legs-[0-9a-f]{32}$/);
    resultDocumentSchema.parse(merged);
  });

  it('recommends by the expected load the legs ran with (their effective config)', () => {
    const withExpected = LEGS.map((d) => ({ ...d, config: { load: { capacity: { expectedLoad: 20 } } } }));
    const rows = mergeInstanceLegs(inputs(withExpected), { clock }).comparison ?? [];
    expect(rows.map((r) => r.meetsExpectedLoad)).toEqual([false, true, false]);
    expect(rows.filter((r) => r.recommended).map((r) => r.instanceType)).toEqual(['ml.g5.xlarge']);
  });

  it('refuses legs that are not one comparison, naming the file', () => {
    const refusal = (docs: ResultDocument[]) => {
      try {
        mergeInstanceLegs(inputs(docs), { clock });
      } catch (error) {
        if (error instanceof UserInputError) return error.issues.map((i) => `${i.field}: ${i.message}`);
        throw error;
      }
      throw new Error('expected a refusal');
    };
    const other = leg('ml.c5.xlarge', 6, 30);
    other.source = { ...other.source, sha: 'b'.repeat(40) };
    expect(refusal([LEGS[0]!, other])).toEqual([
      expect.stringMatching(
        /^ml\.g5\.xlarge\/result\.json: tested commit a{40}; ml\.c5\.xlarge\/result\.json tested b{40}/,
      ),
    ]);
    expect(refusal([LEGS[0]!, LEGS[0]!])).toEqual([
      expect.stringMatching(/is a second leg of ml\.g5\.xlarge/),
    ]);
    expect(refusal([LEGS[0]!])).toEqual([expect.stringMatching(/is the only leg/)]);
    const renamed = { ...LEGS[1]!, scenario: { ...LEGS[1]!.scenario, key: 'another0000000' } };
    expect(refusal([LEGS[0]!, renamed])).toEqual([expect.stringMatching(/ran another scenario/)]);
  });

  it('the merge CLI merges leg directories into a comparison and judges it with --config', async () => {
    const dir = join(root, 'cli');
    for (const doc of LEGS) {
      const legDir = join(dir, 'legs', doc.target.instanceType ?? '');
      mkdirSync(legDir, { recursive: true });
      writeFileSync(join(legDir, 'result.json'), JSON.stringify(doc));
    }
    writeFileSync(
      join(dir, 'perf-gate.yml'),
      [
        'endpoint: { region: us-east-1, deploy: { model: { image: emulator/model:1 }, instance-type: ml.c5.xlarge } }',
        'request: { payloads: [{ json: { inputs: [1] } }] }',
        'load: { mode: capacity, capacity: { by: concurrency, start: 1, max: 64 } }',
        'slo: { p95: 400ms }',
        'baseline: { store: none }',
        'report: { cloudwatch: false }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'compared');
    const run = await runCli(
      ['merge', join(dir, 'legs'), '--config', join(dir, 'perf-gate.yml'), '--out', out],
      {
        env: { GITHUB_WORKSPACE: dir },
      },
    );
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/Merged 3 instance type leg\(s\)/);
    expect(run.stdout).toMatch(/ml\.c5\.xlarge: capacity 6 users, 30 req\/s, .* \(recommended\)/);
    const merged = resultDocumentSchema.parse(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')));
    expect(merged.comparison?.map((r) => r.instanceType)).toEqual([
      'ml.c5.xlarge',
      'ml.g5.xlarge',
      'ml.m5.xlarge',
    ]);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('### Instance comparison');
    expect(report).toContain('Recommended: **ml.c5.xlarge**');
  }, 120_000);

  it('mode: merge downloads the legs’ artifacts (no shard artifact) and merges them', async () => {
    const service = await startFakeArtifactService();
    const savedEnv = { ...process.env };
    try {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      process.env.ACTIONS_RUNTIME_TOKEN = `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: 'Actions.GenericRead Actions.Results:run:job' })}.sig`;
      process.env.ACTIONS_RESULTS_URL = `${service.url}/`;
      process.env.GITHUB_WORKSPACE = root;
      for (const doc of LEGS)
        service.add(
          `perf-gate-capacity-${doc.target.instanceType}`,
          { 'result.json': JSON.stringify(doc) },
          { run: 'run' },
        );
      service.add('coverage', { 'lcov.info': '' }, { run: 'run' });
      const merged = await mergeShardArtifacts({
        client: new DefaultArtifactClient(),
        artifactName: 'perf-gate-capacity',
        downloadDir: join(root, 'download'),
        logger: memoryLogger(),
        clock,
      });
      expect(merged.comparison?.map((r) => `${r.instanceType}${r.recommended ? ' *' : ''}`)).toEqual([
        'ml.c5.xlarge *',
        'ml.g5.xlarge',
        'ml.m5.xlarge',
      ]);
    } finally {
      process.env = savedEnv;
      await service.close();
    }
  });
});
