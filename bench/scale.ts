/**
 * `npm run bench:scale` — what a second shard buys on this machine: merged throughput of 2 shard
 * processes (`run --shard i/2 --start-at T`, then merged like `merge` does) vs 1 process with the
 * whole load, measured in the same run, rounds alternating. Closed loop (64 users in total, one
 * generator thread per process) against the emulator in its own process, with a 1 ms service time
 * and capacity to spare, so the client side is what limits throughput.
 *
 * Both invokers are measured: `fast` (≈ 50 µs CPU per request, the same order as the emulator's own
 * cost, which shares the two cores) and `sdk` (≈ 330 µs, a generator-bound client), medians quoted.
 * Prints one JSON line. Run it under `flock /tmp/perf-gate-bench.lock` on a shared machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeShardDocuments } from '../src/merge/merge-document.js';
import { resultDocumentSchema, type ResultDocument } from '../src/result/document.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const USERS = Number(process.env.BENCH_USERS ?? 64);
const STAGE_SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const INVOKERS = (process.env.BENCH_INVOKERS ?? 'fast,sdk').split(',') as ('fast' | 'sdk')[];
/** Time for the processes to boot before the shared start. */
const START_LEAD_MS = 6000;

const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url));

const SCENARIO = `
instance-profiles:
  ml.c5.xlarge: { workers: 512, median: 1ms, sigma: 0, queue: 4096 }
models:
  bench: {}
endpoints:
  bench:
    variants: [{ model: bench, instance-type: ml.c5.xlarge, instance-count: 1 }]
`;

const CONFIG = `
endpoint: { name: bench, region: us-east-1 }
request: { payloads: [{ json: { inputs: [1, 2, 3] } }] }
load:
  mode: concurrency
  warmup: 2s
  workers: 1
  stages: [{ name: peak, duration: ${STAGE_SECONDS}s, target: ${USERS} }]
`;

interface Measured {
  throughputRps: number;
  saturated: boolean;
  errors: number;
}

function startEmulator(scenarioPath: string): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const child = spawn(TSX, [CLI, 'emulator', '--scenario', scenarioPath], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const exports = [...out.matchAll(/^export (\w+)=(\S+)$/gm)];
      if (exports.length >= 5 && out.includes('AWS_SECRET_ACCESS_KEY')) {
        resolve({ child, env: Object.fromEntries(exports.map((m) => [m[1] ?? '', m[2] ?? ''])) });
      }
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code} before listening`)));
  });
}

function runProcess(args: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(TSX, [CLI, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`run ${args.join(' ')} exited with ${code}: ${stderr}`)),
    ),
  );
}

async function readResult(dir: string): Promise<ResultDocument> {
  return resultDocumentSchema.parse(JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')));
}

/** One run with `shards` processes; returns the (merged) overall figures. */
async function measure(
  shards: number,
  invoker: string,
  dir: string,
  env: Record<string, string>,
): Promise<Measured> {
  const startAt = String(Date.now() + START_LEAD_MS);
  const outs = Array.from({ length: shards }, (_, k) =>
    join(dir, `${invoker}-${shards}-${k + 1}-${startAt}`),
  );
  await Promise.all(
    outs.map((out, k) =>
      runProcess(
        [
          'run',
          ...['--config', join(dir, 'perf-gate.yml'), '--out', out, '--invoker', invoker, '--no-preflight'],
          ...(shards > 1 ? ['--shard', `${k + 1}/${shards}`, '--start-at', startAt] : []),
        ],
        env,
      ),
    ),
  );
  const docs = await Promise.all(outs.map(readResult));
  const result =
    shards > 1
      ? mergeShardDocuments(
          docs.map((document, k) => ({ source: outs[k] ?? '', document })),
          { clock: { nowMs: () => Date.now() } },
        )
      : docs[0];
  if (!result) throw new Error('no result');
  if (result.incomplete) throw new Error(`merged result incomplete: ${result.incomplete.reasons.join('; ')}`);
  return {
    throughputRps: result.overall.throughputRps,
    saturated: result.clientHealth.saturated,
    errors: result.overall.errors,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-scale-'));
  await writeFile(join(dir, 'scenario.yml'), SCENARIO);
  await writeFile(join(dir, 'perf-gate.yml'), CONFIG);
  const emulator = await startEmulator(join(dir, 'scenario.yml'));
  const figures: Record<string, unknown> = {};
  const loadBefore = loadavg()[0] ?? 0;
  try {
    for (const invoker of INVOKERS) {
      const single: Measured[] = [];
      const sharded: Measured[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        single.push(await measure(1, invoker, dir, emulator.env));
        sharded.push(await measure(2, invoker, dir, emulator.env));
      }
      const singleRps = median(single.map((m) => m.throughputRps));
      const shardedRps = median(sharded.map((m) => m.throughputRps));
      figures[invoker] = {
        singleProcessRps: Math.round(singleRps),
        twoShardsMergedRps: Math.round(shardedRps),
        ratio: Number((shardedRps / singleRps).toFixed(3)),
        singleRounds: single.map((m) => Math.round(m.throughputRps)),
        shardedRounds: sharded.map((m) => Math.round(m.throughputRps)),
        saturatedRuns: {
          single: single.filter((m) => m.saturated).length,
          sharded: sharded.filter((m) => m.saturated).length,
        },
        errors: [...single, ...sharded].reduce((t, m) => t + m.errors, 0),
      };
    }
  } finally {
    const exited = new Promise((resolve) => emulator.child.once('exit', resolve));
    emulator.child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    JSON.stringify({
      bench: 'scale',
      metric: 'overall successful requests/s: 2 shard processes merged vs 1 process, same total load',
      ...figures,
      users: USERS,
      stageSeconds: STAGE_SECONDS,
      rounds: ROUNDS,
      generatorThreadsPerProcess: 1,
      emulator: 'own process, 1 ms service time, capacity to spare',
      cores: availableParallelism(),
      // Other work on the machine skews any throughput figure: the 1-minute load average around the run.
      loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number((loadavg()[0] ?? 0).toFixed(2)) },
      node: process.version,
    }),
  );
}

await main();
