/** The report scenarios the golden files cover, built from the deterministic fixtures. */
import { computeRunCost } from '../../src/cost/run-cost.js';
import type { ReportInput } from '../../src/report/input.js';
import type { CapacityResult } from '../../src/result/capacity-schema.js';
import type { ResultDocument } from '../../src/result/document.js';
import { cloudwatchMetrics, makeHistory, makeResult, makeVerdict, type StageSpec } from './fixtures.js';

const STAGES: StageSpec[] = [
  { name: 'ramp', target: 4, startTarget: 1, rampMs: 10_000, durationS: 20, rps: 40, medianMs: 18 },
  { name: 'peak', target: 16, durationS: 30, rps: 120, medianMs: 24, errorsPerSecond: 0.1 },
];

const LINKS = {
  runUrl: 'https://github.com/acme/models/actions/runs/42',
  artifactUrl: 'https://github.com/acme/models/actions/runs/42/artifacts/1234',
};

function priced(doc: ResultDocument, deployStartedAtMs?: number): ResultDocument {
  return { ...doc, cost: computeRunCost(doc, { deployStartedAtMs }) };
}

function withCloudWatch(doc: ResultDocument): ResultDocument {
  return { ...doc, stages: doc.stages.map((s) => ({ ...s, serverMetrics: cloudwatchMetrics(s) })) };
}

function current(
  stages: StageSpec[] = STAGES,
  extra: Partial<Parameters<typeof makeResult>[0]> = {},
): ResultDocument {
  const doc = makeResult({ seed: 7, pullRequest: 7, stages, ...extra });
  const first = doc.stages[0];
  return priced(withCloudWatch(doc), first ? first.startedAtMs - 10_000 - 372_000 : undefined);
}

const history = makeHistory(20, STAGES).map((d) => priced(d));

export function passCase(): ReportInput {
  const result = current();
  const verdict = makeVerdict(result, {
    state: 'pass',
    headline: 'p95 +2.0 % at stage `peak` (tolerance +10 %)',
    history: history.slice(0, 5),
  });
  return { result, verdict, history, links: LINKS };
}

export function regressionCase(): ReportInput {
  const result = current();
  const p95 = result.stages[1]!.stats.latency.p95Ms;
  const verdict = makeVerdict(result, {
    state: 'regression',
    headline: 'p95 +23.4 % at stage `peak` (tolerance +10 %, noise ±4.0 %)',
    history: history.slice(0, 5),
    overrides: {
      peak: {
        p95: {
          baseline: p95 / 1.234,
          state: 'regression',
          reason: 'p95 rose 23.4 %, beyond the 10 % tolerance and outside the ±4.0 % noise band',
        },
        throughput: { baseline: 121, state: 'pass' },
      },
    },
    slos: [
      { scope: 'overall', metric: 'p95', limit: 60, actual: result.overall.latency.p95Ms, passed: true },
    ],
  });
  return { result, verdict, history, links: LINKS };
}

export function inconclusiveCase(): ReportInput {
  const result = current(STAGES, { saturated: true });
  const p95 = result.stages[1]!.stats.latency.p95Ms;
  const verdict = makeVerdict(result, {
    state: 'inconclusive',
    headline: 'p95 +8.1 % at stage `peak`: the noise band (±14.0 %) is wider than the tolerance (10 %)',
    history: history.slice(0, 3),
    notes: [
      'Only 3 baseline runs; 5 or more narrow the band.',
      'The smallest change this setup can detect is 17 %: lengthen stages or use paired mode.',
    ],
    overrides: {
      peak: {
        p95: {
          baseline: p95 / 1.081,
          state: 'inconclusive',
          noiseBand: 0.14,
          reason: 'the noise band ±14.0 % is wider than the 10 % tolerance; smallest detectable change 17 %',
        },
      },
    },
  });
  return { result, verdict, history, links: LINKS };
}

export function improvementCase(): ReportInput {
  const result = current();
  const p95 = result.stages[1]!.stats.latency.p95Ms;
  const verdict = makeVerdict(result, {
    state: 'improvement',
    headline: 'p95 −18.5 % at stage `peak`',
    history: history.slice(0, 5),
    overrides: {
      peak: {
        p95: {
          baseline: p95 / 0.815,
          state: 'improvement',
          reason: 'p95 fell 18.5 %, outside the ±4.0 % noise band',
        },
      },
    },
  });
  return { result, verdict, history, links: LINKS };
}

export function firstRunCase(): ReportInput {
  const result = current();
  const verdict = makeVerdict(result, {
    state: 'pass',
    firstRun: true,
    headline: 'first run for this scenario: p95 38.4 ms, 119 req/s at stage `peak`',
  });
  return { result, verdict, history: [], links: LINKS };
}

export function streamingCase(): ReportInput {
  const stages: StageSpec[] = [
    { name: 'chat-4', target: 4, durationS: 20, rps: 3, medianMs: 2400, streaming: true },
    { name: 'chat-8', target: 8, durationS: 20, rps: 5, medianMs: 3100, streaming: true },
  ];
  const result = current(stages, { instanceType: 'ml.g5.2xlarge' });
  const streamingHistory = makeHistory(4, stages).map((d) =>
    priced({ ...d, target: { ...d.target, instanceType: 'ml.g5.xlarge' } }),
  );
  const verdict = makeVerdict(result, {
    state: 'pass',
    headline: 'TTFT p95 +1.2 % at stage `chat-8` (tolerance +10 %)',
    history: streamingHistory,
  });
  return { result, verdict, history: streamingHistory, links: LINKS };
}

export function missingCloudWatchCase(): ReportInput {
  const base = current();
  const result: ResultDocument = {
    ...base,
    stages: base.stages.map((s) => ({
      ...s,
      serverMetrics: cloudwatchMetrics(s, {
        status: 'missing',
        message:
          'CloudWatch had no datapoints for bert-candidate-pr-7/AllTraffic after waiting 2m (metrics arrive about a minute late; raise report.cloudwatch-wait)',
        metrics: {},
      }),
    })),
  };
  const verdict = makeVerdict(result, {
    state: 'pass',
    headline: 'p95 +2.0 % at stage `peak` (tolerance +10 %)',
    history: history.slice(0, 5),
  });
  return { result, verdict, history, links: LINKS };
}

/** 150 stages and long error messages: far beyond GitHub's comment limit when rendered in full. */
export function oversizeCase(): ReportInput {
  const stages: StageSpec[] = Array.from({ length: 150 }, (_, i) => ({
    name: `step-${String(i + 1).padStart(3, '0')}`,
    target: i + 1,
    durationS: 2,
    rps: 5,
    medianMs: 10 + i / 10,
    errorsPerSecond: 1,
  }));
  const doc = current(stages);
  const long = `Traceback ${'| `deep` <frame> @here '.repeat(60)}`;
  const result: ResultDocument = {
    ...doc,
    stages: doc.stages.map((s) => ({
      ...s,
      stats: {
        ...s.stats,
        errorsByClass: { other: { count: 2, firstSeenMs: 10, lastSeenMs: 20, sampleMessage: long } },
      },
    })),
  };
  const verdict = makeVerdict(result, {
    state: 'regression',
    headline: 'p95 +30.0 % at stage `step-150`',
    history: history.slice(0, 5),
  });
  return { result, verdict, history, links: LINKS };
}

export const CASES: Record<string, () => ReportInput> = {
  pass: passCase,
  regression: regressionCase,
  inconclusive: inconclusiveCase,
  improvement: improvementCase,
  'first-run': firstRunCase,
  streaming: streamingCase,
  'missing-cloudwatch': missingCloudWatchCase,
  oversize: oversizeCase,
};

/** A capacity search's result (`load.mode: capacity`) over the pass case: five probes, found at 40 req/s. */
export function capacityCase(overrides: Partial<CapacityResult> = {}): ReportInput {
  const input = passCase();
  const probe = (
    load: number,
    outcome: 'meets' | 'breaks',
    p95Ms: number,
    throughputRps: number,
    why: string,
  ) => ({
    load,
    outcome,
    stages: [`probe-${load}rps`],
    p95Ms,
    throughputRps,
    goodputRps: throughputRps * (outcome === 'meets' ? 0.98 : 0.6),
    errorRate: 0,
    why,
  });
  const capacity: CapacityResult = {
    by: 'arrival-rate',
    unit: 'rps',
    outcome: 'found',
    limit: 40,
    brokeAt: 42,
    slo: { p95Ms: 500, errorRate: 0.01 },
    resolution: 0.05,
    throughputRps: 39.8,
    goodputRps: 39,
    latency: { p50Ms: 210, p95Ms: 482, p99Ms: 610 },
    probes: [
      probe(10, 'meets', 220, 10, '0.0 % of requests over 500 ms'),
      probe(20, 'meets', 260, 20, '0.1 % of requests over 500 ms'),
      probe(80, 'breaks', 2400, 44, '60 % of requests over 500 ms <script>@team</script>'),
      probe(40, 'meets', 482, 39.8, '3.9 % of requests over 500 ms'),
      probe(42, 'breaks', 540, 41, '7.2 % of requests over 500 ms'),
    ],
    message: 'Capacity 40 req/s: the SLO held at 40 and broke at 42 req/s.',
    budgetMs: 300_000,
    elapsedMs: 61_000,
    costPerMillionUsd: 9.64,
    ...overrides,
  };
  return { ...input, result: { ...input.result, capacity } };
}
