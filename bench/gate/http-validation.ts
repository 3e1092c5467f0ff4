/**
 * Validating the simulation: a smaller history-mode campaign through the real thing — the load
 * engine's worker threads and fast invoker over HTTP against the emulator (one endpoint per run,
 * each creation drawing its own drift, the "+10 %" endpoints with EMULATOR_LATENCY_FACTOR 1.1),
 * result.json documents with encoded interval histograms, and `compareRun` — next to the simulated
 * campaign for the same short stage. Consistent when each simulated rate lies in the 95 % interval
 * of the measured one.
 */
import { compareRun } from '../../src/compare/compare-run.js';
import type { CompareConfig, SloConfig } from '../../src/config/gate-schema.js';
import { parseConfig } from '../../src/config/parse.js';
import { startEmulator } from '../../src/emulator/index.js';
import { runLoadTest } from '../../src/load/engine/run-load-test.js';
import type { ResultDocument } from '../../src/result/document.js';
import { INSTANCE_TYPE, USERS } from './campaign-model.js';
import { runHistoryCampaign } from './history-campaign.js';
import { count, emptyTally, rate, upper95, type Tally } from './tally.js';

export interface HttpValidationOptions {
  drift: number;
  aaComparisons: number;
  changeComparisons: number;
  stageSeconds: number;
  historyRuns: number;
  compare: CompareConfig;
  slo: SloConfig;
  seed: number;
  /** Simulated comparisons per set for the reference rates. */
  simulatedComparisons: number;
}

export async function runHttpValidation(options: HttpValidationOptions) {
  const k = options.historyRuns;
  const baseNames = Array.from({ length: options.aaComparisons + k }, (_, i) => `base-${i}`);
  const changeNames = Array.from({ length: options.changeComparisons }, (_, i) => `plus10-${i}`);
  const endpoints: Record<string, { variants: { model: string; 'instance-type': string }[] }> = {};
  for (const name of baseNames)
    endpoints[name] = { variants: [{ model: 'same', 'instance-type': INSTANCE_TYPE }] };
  for (const name of changeNames)
    endpoints[name] = { variants: [{ model: 'slower', 'instance-type': INSTANCE_TYPE }] };
  const emulator = await startEmulator({
    seed: options.seed,
    recordRequests: 0,
    scenario: {
      models: { same: {}, slower: { environment: { EMULATOR_LATENCY_FACTOR: '1.1' } } },
      endpoints,
      noise: { drift: `${options.drift * 100}%` },
    },
  });
  const config = parseConfig(
    {
      endpoint: { name: 'validation', region: 'us-east-1' },
      request: { payloads: [{ json: { inputs: [1, 2, 3] } }] },
      load: {
        mode: 'concurrency',
        warmup: '1s',
        workers: 1,
        stages: [{ name: 'steady', duration: `${options.stageSeconds}s`, target: USERS }],
      },
    },
    { env: {} },
  );
  const credentials = async () => ({ accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' });
  let saturatedRuns = 0;
  let reruns = 0;
  // This validates the statistics, not the machine: a run whose load generator was starved of CPU
  // (client health says saturated) is run again, up to twice, and kept saturated after that.
  const run = async (endpointName: string): Promise<ResultDocument> => {
    for (let attempt = 1; ; attempt++) {
      const document = await runLoadTest(
        config,
        { credentials, env: emulator.env, runId: `${endpointName}#${attempt}` },
        { endpointName, preflight: false },
      );
      if (!document.clientHealth.saturated) return document;
      if (attempt === 3) {
        saturatedRuns++;
        return document;
      }
      reruns++;
    }
  };
  const started = performance.now();
  const tallies: { aa: Tally; p95Up10: Tally } = { aa: emptyTally(), p95Up10: emptyTally() };
  const drifts: number[] = [];
  try {
    const stream: ResultDocument[] = [];
    for (const name of baseNames) stream.push(await run(name));
    for (const name of [...baseNames, ...changeNames]) drifts.push(emulator.endpoint(name)?.driftFactor ?? 1);
    for (let i = 0; i < options.aaComparisons; i++) {
      const history = {
        scenarioKey: (stream[0] as ResultDocument).scenario.key,
        runs: stream.slice(i, i + k).reverse(),
        mergeBaseFound: true,
        notes: [],
      };
      count(
        tallies.aa,
        compareRun(stream[i + k] as ResultDocument, history, options.compare, options.slo).state,
      );
      if (i < options.changeComparisons) {
        const changed = await run(changeNames[i] as string);
        count(tallies.p95Up10, compareRun(changed, history, options.compare, options.slo).state);
      }
    }
  } finally {
    await emulator.close();
  }
  const httpSeconds = (performance.now() - started) / 1000;

  const simulated = runHistoryCampaign({
    drift: options.drift,
    aaComparisons: options.simulatedComparisons,
    changeComparisons: options.simulatedComparisons,
    historyRuns: k,
    stageSeconds: options.stageSeconds,
    warmupSeconds: 1,
    compare: options.compare,
    seed: options.seed,
  }).ours;

  const measured = {
    falseAlarm: interval(tallies.aa.regression, tallies.aa.n),
    detectionP95Up10: interval(tallies.p95Up10.regression, tallies.p95Up10.n),
    inconclusiveAA: interval(tallies.aa.inconclusive, tallies.aa.n),
    inconclusiveP95Up10: interval(tallies.p95Up10.inconclusive, tallies.p95Up10.n),
  };
  const reference = {
    falseAlarm: simulated.falseAlarm,
    detectionP95Up10: simulated.detectionP95Up10,
    inconclusiveAA: simulated.inconclusiveAA,
    inconclusiveP95Up10: simulated.inconclusiveP95Up10,
  };
  const consistent = (Object.keys(reference) as (keyof typeof reference)[]).every(
    (key) => reference[key] >= measured[key].low95 && reference[key] <= measured[key].high95,
  );
  const mean = drifts.reduce((a, b) => a + Math.log(b), 0) / Math.max(1, drifts.length);
  const driftSd = Math.sqrt(
    drifts.reduce((a, b) => a + (Math.log(b) - mean) ** 2, 0) / Math.max(1, drifts.length - 1),
  );
  return {
    drift: options.drift,
    stageSeconds: options.stageSeconds,
    runs: baseNames.length + changeNames.length,
    rerunsBecauseTheMachineWasBusy: reruns,
    saturatedRunsKept: saturatedRuns,
    driftDrawnSd: Number(driftSd.toFixed(4)),
    seconds: Number(httpSeconds.toFixed(1)),
    http: measured,
    simulated: { comparisonsPerSet: options.simulatedComparisons, ...reference },
    consistent,
  };
}

/** A rate with its 95 % Wilson interval. */
function interval(hits: number, n: number): { rate: number; low95: number; high95: number } {
  return {
    rate: rate(hits, n),
    low95: Number((1 - upper95(n - hits, n)).toFixed(4)),
    high95: upper95(hits, n),
  };
}
