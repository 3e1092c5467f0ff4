/**
 * `npm run bench:emulator` — how many InvokeEndpoint calls per second the emulator serves on ONE
 * core with zero service time, next to a bare node:http server returning the same bytes, measured
 * in the same run. Both servers are pinned to core 0 (`taskset -c 0`), the client to core 1.
 * The client is `wrk` when installed (Debian package; scripts/setup.sh installs it), else an
 * unsigned undici Pool in its own process. Rounds alternate emulator/reference; medians are quoted.
 *
 * Throughput is measured by the client; CPU per call of each server is read from /proc, which stays
 * meaningful when other processes share the cores (1e6 / CPU µs per call = one dedicated core's rate).
 *
 * Prints one JSON line. Run it under `flock /tmp/perf-gate-bench.lock` on a shared machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DURATION_SEC = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const BODY = '{"inputs":[1,2,3]}';
const PATH = '/endpoints/bench/invocations';
const dir = mkdtempSync(join(tmpdir(), 'bench-emulator-'));
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

const pinned = (core: number, command: string, args: string[]): [string, string[]] =>
  hasTaskset ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];

/** Starts a server process and resolves with its URL (from `listening on URL` on stdout). */
function startServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const [command, argv] = pinned(0, process.execPath, args);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ url: match[1], child });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A bare node:http server answering like the emulator (echo of the body, same headers). */
const REFERENCE = `
import { createServer } from 'node:http';
let n = 0;
const server = createServer({ keepAliveTimeout: 65000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    res.writeHead(200, ['Content-Type', req.headers['content-type'] ?? 'application/octet-stream',
      'x-Amzn-Invoked-Production-Variant', 'AllTraffic', 'x-amzn-RequestId', '00000000-0000-4000-8000-' + String(++n).padStart(12, '0'),
      'Content-Length', String(body.length)]);
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const SCENARIO = `
instance-profiles:
  ml.c5.large: { workers: 100000, median: 0ms, sigma: 0, queue: 0 }
models:
  echo: {}
endpoints:
  bench: { variants: [{ model: echo, instance-type: ml.c5.large }] }
`;

/**
 * CPU seconds (user + system) a process has used, from /proc (Linux). CPU per request is robust to
 * other processes on a shared machine, where raw throughput is not: 1 / (CPU per request) is what
 * one dedicated core would serve.
 */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Runs one round against a server: throughput from the client, CPU per request from /proc. */
function measureRound(server: { url: string; child: ChildProcess }): {
  rps: number;
  errors: number;
  p50Ms: number | undefined;
  cpuUsPerCall: number | undefined;
} {
  const before = cpuSeconds(server.child.pid);
  const result = load(server.url);
  const after = cpuSeconds(server.child.pid);
  const calls = result.rps * DURATION_SEC;
  const cpuUsPerCall =
    before === undefined || after === undefined || calls <= 0 ? undefined : ((after - before) * 1e6) / calls;
  return { ...result, cpuUsPerCall };
}

/** Runs the client for DURATION_SEC against url; returns requests/s and the error count. */
function load(url: string): { rps: number; errors: number; p50Ms: number | undefined } {
  if (hasWrk) {
    const script = join(dir, 'post.lua');
    writeFileSync(
      script,
      `wrk.method = "POST"\nwrk.body = '${BODY}'\nwrk.headers["Content-Type"] = "application/json"\n`,
    );
    const [command, argv] = pinned(1, 'wrk', [
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${DURATION_SEC}s`,
      '--latency',
      '-s',
      script,
      `${url}${PATH}`,
    ]);
    const out = spawnSync(command, argv, { encoding: 'utf8' }).stdout;
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const errors =
      Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0) +
      Number(/Socket errors:.*?(\d+)/.exec(out)?.[1] ?? 0);
    const p50 = /50%\s+([\d.]+)(us|ms|s)/.exec(out);
    const p50Ms = p50 ? Number(p50[1]) * (p50[2] === 'us' ? 0.001 : p50[2] === 's' ? 1000 : 1) : undefined;
    return { rps, errors, p50Ms };
  }
  const [command, argv] = pinned(1, process.execPath, [
    '--import',
    'tsx',
    'bench/undici-client.ts',
    url + PATH,
    String(CONNECTIONS),
    String(DURATION_SEC),
    BODY,
  ]);
  const out = spawnSync(command, argv, { encoding: 'utf8' }).stdout;
  const parsed = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { rps?: number; errors?: number };
  return { rps: parsed.rps ?? NaN, errors: parsed.errors ?? 0, p50Ms: undefined };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const scenario = join(dir, 'scenario.yml');
  writeFileSync(scenario, SCENARIO);
  const reference = join(dir, 'reference.mjs');
  writeFileSync(reference, REFERENCE);
  const emulator = await startServer([
    '--import',
    'tsx',
    'src/cli/index.ts',
    'emulator',
    '--scenario',
    scenario,
  ]);
  const bare = await startServer([reference]);
  const emulatorRps: number[] = [];
  const referenceRps: number[] = [];
  const emulatorP50: number[] = [];
  const emulatorCpuUs: number[] = [];
  const referenceCpuUs: number[] = [];
  let errors = 0;
  try {
    load(emulator.url); // warm-up (JIT) for both
    load(bare.url);
    for (let i = 0; i < ROUNDS; i++) {
      const e = measureRound(emulator);
      const r = measureRound(bare);
      emulatorRps.push(e.rps);
      referenceRps.push(r.rps);
      if (e.cpuUsPerCall !== undefined) emulatorCpuUs.push(e.cpuUsPerCall);
      if (r.cpuUsPerCall !== undefined) referenceCpuUs.push(r.cpuUsPerCall);
      if (e.p50Ms !== undefined) emulatorP50.push(e.p50Ms);
      errors += e.errors + r.errors;
    }
  } finally {
    await stop(emulator.child);
    await stop(bare.child);
  }
  const emulatorMedian = median(emulatorRps);
  const referenceMedian = median(referenceRps);
  const emulatorCpu = emulatorCpuUs.length > 0 ? median(emulatorCpuUs) : undefined;
  const referenceCpu = referenceCpuUs.length > 0 ? median(referenceCpuUs) : undefined;
  console.log(
    JSON.stringify({
      bench: 'emulator',
      metric: 'InvokeEndpoint calls/s on one core, zero service time',
      emulatorRps: Math.round(emulatorMedian),
      referenceRps: Math.round(referenceMedian),
      ratio: Number((emulatorMedian / referenceMedian).toFixed(3)),
      target: 20_000,
      meetsTarget: emulatorMedian >= 20_000,
      meetsTargetByCpu: emulatorCpu === undefined ? undefined : 1e6 / emulatorCpu >= 20_000,
      emulatorRounds: emulatorRps.map(Math.round),
      referenceRounds: referenceRps.map(Math.round),
      emulatorP50Ms: emulatorP50.length > 0 ? median(emulatorP50) : undefined,
      // CPU per call of the server process (median over rounds) and what one dedicated core would serve.
      emulatorCpuUsPerCall: emulatorCpu === undefined ? undefined : Number(emulatorCpu.toFixed(1)),
      referenceCpuUsPerCall: referenceCpu === undefined ? undefined : Number(referenceCpu.toFixed(1)),
      emulatorOneCoreRps: emulatorCpu === undefined ? undefined : Math.round(1e6 / emulatorCpu),
      referenceOneCoreRps: referenceCpu === undefined ? undefined : Math.round(1e6 / referenceCpu),
      cpuRatio:
        emulatorCpu === undefined || referenceCpu === undefined
          ? undefined
          : Number((referenceCpu / emulatorCpu).toFixed(3)),
      errors,
      client: hasWrk ? 'wrk' : 'undici',
      connections: CONNECTIONS,
      secondsPerRound: DURATION_SEC,
      pinned: hasTaskset ? 'servers core 0, client core 1' : 'not pinned (no taskset)',
      node: process.version,
    }),
  );
}

await main();
