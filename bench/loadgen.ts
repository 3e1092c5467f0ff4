/**
 * `npm run bench:loadgen` — the load generator's own cost and accuracy, against the emulator:
 * - InvokeEndpoint calls/s on ONE core (generator process pinned to core 0, the emulator — in this
 *   process — pinned to core 1, zero service time), next to the plain SDK client loop measured in
 *   the same run (rounds alternate; medians quoted). Also CPU µs per call, which does not depend on
 *   how fast the emulator answers.
 * - Generator-added latency at 1,000 req/s open loop: measured p99 minus the emulator's own
 *   recorded p99 residence (arrival → last byte written) for the same requests. Next to it, in the
 *   same rounds, the reference: a bare undici Pool on the same schedule and waits (no signing, no
 *   histograms, no engine) judged the same way — the floor of loopback + Node + this VM, which the
 *   engine's figure is to be read against.
 * - Open-loop rate error at the server: arrivals the emulator saw per second vs the target.
 * - RSS growth of the generator over 1,000,000 requests.
 * Prints one JSON line. Run it as `flock /tmp/perf-gate-bench.lock npm run bench:loadgen` on a shared machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const USERS = Number(process.env.BENCH_USERS ?? 64);
const OPEN_RATE = 1000;
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 10);
const RSS_REQUESTS = Number(process.env.BENCH_RSS_REQUESTS ?? 1_000_000);
const CLIENT = fileURLToPath(new URL('./loadgen-client.ts', import.meta.url));
const TSX_LOADER = ['--import', 'tsx'];

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
// This process (the emulator) on core 1, every thread it has or will have.
if (hasTaskset) spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });

function client(args: (string | number)[]): Promise<Record<string, unknown>> {
  const argv = [...TSX_LOADER, CLIENT, ...args.map(String)];
  const [command, full] = hasTaskset
    ? ['taskset', ['-c', '0', process.execPath, ...argv]]
    : [process.execPath, argv];
  return new Promise((resolve, reject) => {
    const child = spawn(command, full, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`client ${args[0]} exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>);
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
};
/** Least-squares slope of index over time (µs) → events per second. */
function slopePerSecond(timesUs: readonly number[]): number {
  const n = timesUs.length;
  const meanT = timesUs.reduce((a, b) => a + b, 0) / n;
  const meanI = (n - 1) / 2;
  let num = 0;
  let den = 0;
  timesUs.forEach((t, i) => {
    num += (t - meanT) * (i - meanI);
    den += (t - meanT) ** 2;
  });
  return (num / den) * 1e6;
}
interface OpenRound {
  achievedRps: number;
  rateErrorPct: number;
  p50Ms: number;
  p99Ms: number;
  residenceP99Ms: number;
  addedP99Ms: number;
  sendLagP99Ms: number;
  dropped: number;
  referenceP99Ms: number;
  referenceAddedP99Ms: number;
}

const num = (value: unknown) => (typeof value === 'number' ? value : NaN);
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

const emulator = await startEmulator({
  recordRequests: 100_000,
  scenario: {
    'instance-profiles': { 'ml.m5.xlarge': { median: '0ms', sigma: 0, workers: 4096, queue: 4096 } },
    models: { m: {} },
    endpoints: { bench: { variants: [{ model: 'm', 'instance-type': 'ml.m5.xlarge' }] } },
  },
});
/** The emulator's own p99 residence for the requests that arrived between the two wall times. */
function residenceP99(startMs: number, endMs: number): number {
  const measured = emulator.requests('bench').filter((r) => {
    const atMs = emulator.context.time.wallMsAt(r.arrivalUs);
    return atMs >= startMs && atMs < endMs;
  });
  return quantile(
    measured.map((r) => r.residenceUs / 1000),
    0.99,
  );
}

/** One open-loop run at 1,000 req/s, judged against what the emulator recorded for it. */
async function openRound(): Promise<OpenRound> {
  emulator.resetRecords();
  const out = await client(['engine-open', emulator.url, OPEN_RATE, OPEN_SECONDS]);
  const records = emulator.requests('bench');
  const residenceP99Ms = residenceP99(num(out.startedAtMs), num(out.endedAtMs));
  // The whole run (warm-up included) is one constant schedule: the rate the server saw is the
  // least-squares slope of arrival count over arrival time (robust to jitter at either end).
  const achievedRps = slopePerSecond(records.map((r) => r.arrivalUs));
  emulator.resetRecords();
  const reference = await client(['undici-open', emulator.url, OPEN_RATE, OPEN_SECONDS]);
  const referenceResidenceP99Ms = residenceP99(num(reference.startedAtMs), num(reference.endedAtMs));
  return {
    achievedRps,
    rateErrorPct: Math.abs(achievedRps / OPEN_RATE - 1) * 100,
    p50Ms: num(out.p50Ms),
    p99Ms: num(out.p99Ms),
    residenceP99Ms,
    addedP99Ms: num(out.p99Ms) - residenceP99Ms,
    sendLagP99Ms: num(out.sendLagP99Ms),
    dropped: num(out.dropped),
    referenceP99Ms: num(reference.p99Ms),
    referenceAddedP99Ms: num(reference.p99Ms) - referenceResidenceP99Ms,
  };
}

try {
  // Rounds alternate: the engine's fast invoker, the plain SDK client loop, then the open loop at
  // 1,000 req/s judged against the emulator's own records. Medians over rounds are quoted.
  const fast: Record<string, unknown>[] = [];
  const sdk: Record<string, unknown>[] = [];
  const open: OpenRound[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    fast.push(await client(['engine-closed', emulator.url, USERS, SECONDS, 'fast']));
    sdk.push(await client(['sdk-loop', emulator.url, USERS, SECONDS]));
    open.push(await openRound());
  }
  const fastRps = median(fast.map((r) => num(r.callsPerSec)));
  const sdkRps = median(sdk.map((r) => num(r.callsPerSec)));
  const fastCpu = median(fast.map((r) => num(r.cpuUsPerCall)));
  const sdkCpu = median(sdk.map((r) => num(r.cpuUsPerCall)));

  // RSS growth over 1,000,000 requests (the duration is sized from the measured rate, with a margin).
  const rssSeconds = Math.ceil((RSS_REQUESTS / Math.max(1000, fastRps)) * 1.6);
  const rss = await client(['engine-rss', emulator.url, USERS, rssSeconds]);

  const pick = (key: keyof OpenRound) => median(open.map((r) => r[key]));
  const addedP99Ms = pick('addedP99Ms');
  const rateErrorPct = pick('rateErrorPct');
  const figures = {
    bench: 'loadgen',
    pinned: hasTaskset ? 'generator core 0, emulator core 1' : 'not pinned (taskset missing)',
    rounds: ROUNDS,
    seconds: SECONDS,
    users: USERS,
    callsPerSecOneCore: round(fastRps, 0),
    sdkLoopCallsPerSec: round(sdkRps, 0),
    speedupVsSdk: round(fastRps / sdkRps, 2),
    cpuUsPerCall: round(fastCpu, 1),
    sdkCpuUsPerCall: round(sdkCpu, 1),
    cpuBoundCallsPerSec: round(1e6 / fastCpu, 0),
    // Share of its core the generator used: below 1 means the emulator, not the generator, set the pace.
    generatorCoreUtilization: round((fastRps * fastCpu) / 1e6, 2),
    fastRounds: fast.map((r) => round(num(r.callsPerSec), 0)),
    sdkRounds: sdk.map((r) => round(num(r.callsPerSec), 0)),
    openLoop: {
      targetRps: OPEN_RATE,
      seconds: OPEN_SECONDS,
      achievedRpsAtServer: round(pick('achievedRps'), 2),
      rateErrorPct: round(rateErrorPct, 3),
      measuredP50Ms: pick('p50Ms'),
      measuredP99Ms: pick('p99Ms'),
      emulatorResidenceP99Ms: round(pick('residenceP99Ms'), 3),
      generatorAddedP99Ms: round(addedP99Ms, 3),
      sendLagP99Ms: pick('sendLagP99Ms'),
      dropped: pick('dropped'),
      addedP99MsRounds: open.map((r) => round(r.addedP99Ms, 3)),
      // The same figure for a bare undici Pool on the same schedule: the machine's floor.
      referenceMeasuredP99Ms: round(pick('referenceP99Ms'), 3),
      referenceAddedP99Ms: round(pick('referenceAddedP99Ms'), 3),
      referenceAddedP99MsRounds: open.map((r) => round(r.referenceAddedP99Ms, 3)),
      engineOverReferenceP99Ms: round(addedP99Ms - pick('referenceAddedP99Ms'), 3),
    },
    rss: {
      requests: num(rss.requests),
      baselineMb: round(num(rss.rssBaselineMb)),
      maxMb: round(num(rss.rssMaxMb)),
      growthMb: round(num(rss.rssGrowthMb)),
    },
    goals: {
      callsPerSecOneCore: { goal: '>= 15000', met: fastRps >= 15_000 },
      speedupVsSdk: { goal: '>= 4', met: fastRps / sdkRps >= 4 },
      generatorAddedP99Ms: { goal: '<= 1', met: addedP99Ms <= 1 },
      openLoopRateErrorPct: { goal: '<= 1', met: rateErrorPct <= 1 },
      rssGrowthMbPer1M: {
        goal: '<= 50',
        met: num(rss.rssGrowthMb) <= 50 && num(rss.requests) >= RSS_REQUESTS * 0.9,
      },
    },
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  await emulator.close();
}
