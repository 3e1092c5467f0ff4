/**
 * Validating the simulation: a smaller history-mode campaign through the real thing — the load
 * engine's worker threads and fast invoker over HTTP against the emulator (one endpoint per run,
 * each creation drawing its own drift, the "+10 %" endpoints with EMULATOR_LATENCY_FACTOR 1.1),
 * result.json documents with encoded interval histograms, and `compareRun` — next to the simulated
 * campaign for the same short stage.
 *
 * The real path adds noise the emulator's model does not have (client, HTTP, timers on a shared
 * machine), which can make the runs spread more than the nominal drift: the output shows the
 * measured spread of p95 next to the model's, and the rates simulated at the drift that reproduces
 * the measured spread too. Consistent when each rate simulated at the nominal drift lies in the 95 %
 * interval of the measured one.
 */
import { computeScenario } from '../../src/baseline/scenario-key.js';
import { compareRun } from '../../src/compare/compare-run.js';
import type { CompareConfig, SloConfig } from '../../src/config/gate-schema.js';
import { parseConfig } from '../../src/config/parse.js';
import { startEmulator } from '../../src/emulator/index.js';
import { runLoadTest } from '../../src/load/engine/run-load-test.js';
import type { ResultDocument } from '../../src/result/document.js';
import { deriveSeed, seededRandom } from '../../src/core/random.js';
import { createHistogram, recordUs } from '../../src/metrics/histogram.js';
import { simulateStage } from './closed-loop-sim.js';
import { INSTANCE_TYPE, USERS, stageModel } from './campaign-model.js';
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
        { endpointName, preflight: false, scenarioFor: (digest) => computeScenario(config, digest) },
      );
      if (!document.clientHealth.saturated) return document;
      if (attempt === 3) {
        saturatedRuns++;
        if (saturatedRuns >= 5) throw new MachineTooBusy(saturatedRuns);
        return document;
      }
      reruns++;
    }
  };
  const started = performance.now();
  const tallies: { aa: Tally; p95Up10: Tally } = { aa: emptyTally(), p95Up10: emptyTally() };
  const drifts: number[] = [];
  const baseRuns: ResultDocument[] = [];
  try {
    const stream = baseRuns;
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
  } catch (error) {
    if (!(error instanceof MachineTooBusy)) throw error;
    return {
      drift: options.drift,
      skipped: `machine too busy: ${error.saturated} runs stayed saturated after 3 attempts each (client health), so real runs cannot be judged now; run the benchmark again on a quieter machine`,
      reruns,
    };
  } finally {
    await emulator.close();
  }
  const httpSeconds = (performance.now() - started) / 1000;
  const spreadRuns = baseRuns.filter((d) => !d.clientHealth.saturated);

  const simulate = (drift: number, comparisons: number) =>
    runHistoryCampaign({
      drift,
      aaComparisons: comparisons,
      changeComparisons: comparisons,
      historyRuns: k,
      stageSeconds: options.stageSeconds,
      warmupSeconds: 1,
      compare: options.compare,
      seed: options.seed,
    }).ours;
  const nominal = simulate(options.drift, options.simulatedComparisons);
  // The spread of p95 the HTTP runs showed, and what the simulation shows without any drift.
  const httpSpread = sdOfLog(spreadRuns.map((d) => d.stages[0]?.stats.latency.p95Ms ?? NaN));
  const modelSpread = sdOfLog(simulatedP95s(options.stageSeconds, 100, options.seed));
  const calibratedDrift = Math.sqrt(Math.max(0, httpSpread ** 2 - modelSpread ** 2));
  const simulated = simulate(calibratedDrift, options.simulatedComparisons);

  // Consecutive comparisons share 4 of their 5 history runs. Whether a verdict is inconclusive
  // depends mostly on the history's spread, so those outcomes come in clusters of about K: their
  // intervals use N / K effective comparisons (design effect K). False alarms and detections hinge
  // on the current run, which is new in every comparison.
  const measured = {
    falseAlarm: interval(tallies.aa.regression, tallies.aa.n),
    detectionP95Up10: interval(tallies.p95Up10.regression, tallies.p95Up10.n),
    inconclusiveAA: interval(tallies.aa.inconclusive, tallies.aa.n, k),
    inconclusiveP95Up10: interval(tallies.p95Up10.inconclusive, tallies.p95Up10.n, k),
  };
  const pick = (r: typeof nominal) => ({
    falseAlarm: r.falseAlarm,
    detectionP95Up10: r.detectionP95Up10,
    inconclusiveAA: r.inconclusiveAA,
    inconclusiveP95Up10: r.inconclusiveP95Up10,
  });
  const reference = pick(nominal);
  const consistent = (Object.keys(reference) as (keyof typeof reference)[]).every(
    (key) => reference[key] >= measured[key].low95 && reference[key] <= measured[key].high95,
  );
  return {
    drift: options.drift,
    stageSeconds: options.stageSeconds,
    runs: baseNames.length + changeNames.length,
    rerunsBecauseTheMachineWasBusy: reruns,
    saturatedRunsKept: saturatedRuns,
    /** SD of ln(drift factor) the emulator drew for the endpoints. */
    driftDrawnSd: round(sdOfLog(drifts)),
    /** SD of ln p95 across the unchanged HTTP runs (unsaturated), and in the model at zero drift. */
    p95SpreadHttp: round(httpSpread),
    p95SpreadModelWithoutDrift: round(modelSpread),
    calibratedDrift: round(calibratedDrift),
    seconds: Number(httpSeconds.toFixed(1)),
    http: measured,
    simulated: { comparisonsPerSet: options.simulatedComparisons, drift: options.drift, ...reference },
    simulatedAtTheMeasuredSpread: { drift: round(calibratedDrift), ...pick(simulated) },
    /** Every simulated rate inside the measured rate's 95 % interval. */
    consistent,
  };
}

class MachineTooBusy extends Error {
  constructor(readonly saturated: number) {
    super('machine too busy');
  }
}

function sdOfLog(values: readonly number[]): number {
  const logs = values.filter((v) => v > 0).map(Math.log);
  if (logs.length < 2) return 0;
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  return Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
}

function round(x: number): number {
  return Number(x.toFixed(4));
}

/** p95 (ms) of `runs` simulated stages without drift. */
function simulatedP95s(stageSeconds: number, runs: number, seed: number): number[] {
  const random = seededRandom(deriveSeed(seed, 'model-spread'));
  const model = stageModel(stageSeconds, 1);
  return Array.from({ length: runs }, () => {
    const h = createHistogram();
    for (const second of simulateStage(model, 1, random)) for (const us of second) recordUs(h, us);
    return h.getValueAtPercentile(95) / 1000;
  });
}

/** A rate with its 95 % Wilson interval. */
function interval(
  hits: number,
  n: number,
  designEffect = 1,
): { rate: number; low95: number; high95: number } {
  const nEff = n / designEffect;
  const hitsEff = hits / designEffect;
  return {
    rate: rate(hits, n),
    low95: Number((1 - upper95(nEff - hitsEff, nEff)).toFixed(4)),
    high95: upper95(hitsEff, nEff),
  };
}
