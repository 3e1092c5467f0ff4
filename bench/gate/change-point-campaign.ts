/**
 * Creep on the default branch under simulation: histories of 40 pushes, each push one run of the
 * 60 s stage (pooled runs, block-pool.ts) at its own drift draw, with a true change starting at
 * commit 25: a step of 5, 10 or 20 %, or a creep of +2 % per commit over 8 commits (+17 %); and
 * histories with no change. Each push runs the product's analysis (src/trend/change-points.ts, the
 * last 30 results, p95 and throughput) the way the action does on a push.
 *
 * - recall: the share of histories where, by the last push (15 commits after the change), a
 *   regression change point is reported within 2 commits of the true change (creep: of its span);
 * - precision: of the change points reported at the last push, the share that are such hits;
 * - delay: commits after the change commit until the first push that reports the hit (median);
 * - false positives: the share of unchanged histories with anything reported at the last push.
 * The naive rule "mean of the last 5 p95s vs the previous 5 > 10 %" is scored on every push of the
 * same histories: a flag is a hit when the change lies in its 10-result window.
 */
import type { TrendPoint } from '../../src/baseline/store.js';
import { deriveSeed, seededRandom, type Random } from '../../src/core/random.js';
import { analyzeTrend, type TrendOptions } from '../../src/trend/change-points.js';
import type { FigurePool } from './block-pool.js';
import { driftFactor } from './campaign-model.js';
import { median, rate } from './tally.js';

const COMMITS = 40;
const CHANGE_AT = 25;
const WINDOW = 30;
const NEAR = 2;

export type ChangeShape =
  { kind: 'none' } | { kind: 'step'; size: number } | { kind: 'creep'; perCommit: number; commits: number };

export interface ChangePointCellOptions {
  drift: number;
  shape: ChangeShape;
  histories: number;
  trend: TrendOptions;
  seed: number;
}

function factorAt(shape: ChangeShape, commit: number): number {
  if (shape.kind === 'none' || commit < CHANGE_AT) return 1;
  if (shape.kind === 'step') return 1 + shape.size;
  return (1 + shape.perCommit) ** Math.min(shape.commits, commit - CHANGE_AT + 1);
}

/** The last commit that changes performance. */
function changeEnd(shape: ChangeShape): number | undefined {
  if (shape.kind === 'none') return undefined;
  return shape.kind === 'step' ? CHANGE_AT : CHANGE_AT + shape.commits - 1;
}

/** Indexes counted as the true change. */
function truthSpan(shape: ChangeShape): [number, number] | undefined {
  const end = changeEnd(shape);
  return end === undefined ? undefined : [CHANGE_AT - NEAR, end + NEAR];
}

function simulateHistory(pool: FigurePool, random: Random, o: ChangePointCellOptions): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (let c = 0; c < COMMITS; c++) {
    const f = pool.draw(random, driftFactor(random, o.drift) * factorAt(o.shape, c));
    points.push({
      runId: `c${c}`,
      sha: c.toString(16).padStart(40, '0'),
      createdAt: new Date(c * 3_600_000).toISOString(),
      stages: [
        { name: 'steady', p95Ms: Math.exp(f.logP95), throughputRps: Math.exp(f.logThroughput), errorRate: 0 },
      ],
    });
  }
  return points;
}

/** Change points reported at the push of commit `last` (inclusive), as commit indexes and directions. */
function reportedAt(points: readonly TrendPoint[], last: number, trend: TrendOptions) {
  const from = Math.max(0, last + 1 - WINDOW);
  const window = points.slice(from, last + 1).reverse();
  return analyzeTrend(window, trend).changes.map((c) => ({ commit: from + c.index, direction: c.direction }));
}

export function runChangePointCell(pool: FigurePool, o: ChangePointCellOptions) {
  const label = o.shape.kind === 'none' ? 'none' : o.shape.kind === 'step' ? `step${o.shape.size}` : 'creep';
  const random = seededRandom(deriveSeed(o.seed, `cp/${o.drift}/${label}`));
  const span = truthSpan(o.shape);
  const isHit = (c: { commit: number; direction: string }) =>
    span !== undefined && c.direction === 'regression' && c.commit >= span[0] && c.commit <= span[1];
  let anyReported = 0;
  let reported = 0;
  let hits = 0;
  let recalled = 0;
  const delays: number[] = [];
  const naive = { flags: 0, hitFlags: 0, detected: 0, delays: [] as number[], falseHistories: 0 };
  for (let h = 0; h < o.histories; h++) {
    const points = simulateHistory(pool, random, o);
    const trend = { ...o.trend, seed: deriveSeed(o.seed, `history/${h}`) };
    const final = reportedAt(points, COMMITS - 1, trend);
    if (final.length > 0) anyReported++;
    reported += final.length;
    hits += final.filter(isHit).length;
    if (final.some(isHit)) {
      recalled++;
      for (let last = CHANGE_AT; last < COMMITS; last++) {
        if (reportedAt(points, last, trend).some(isHit)) {
          delays.push(last - CHANGE_AT);
          break;
        }
      }
    }
    scoreNaive(points, changeEnd(o.shape), naive);
  }
  const n = o.histories;
  return {
    drift: o.drift,
    change: label,
    eDivisive: {
      recall: span ? rate(recalled, n) : null,
      precision: reported ? rate(hits, reported) : null,
      medianDelayCommits: delays.length ? median(delays) : null,
      historiesWithAnyReport: rate(anyReported, n),
    },
    naive: {
      recall: span ? rate(naive.detected, n) : null,
      precision: naive.flags ? rate(naive.hitFlags, naive.flags) : null,
      medianDelayCommits: naive.delays.length ? median(naive.delays) : null,
      historiesWithAnyFlag: rate(naive.falseHistories, n),
    },
  };
}

function scoreNaive(
  points: readonly TrendPoint[],
  end: number | undefined,
  naive: { flags: number; hitFlags: number; detected: number; delays: number[]; falseHistories: number },
): void {
  const p95 = points.map((p) => p.stages[0]?.p95Ms ?? NaN);
  const mean = (from: number, to: number) => p95.slice(from, to).reduce((a, v) => a + v, 0) / (to - from);
  let detected = false;
  let flagged = false;
  for (let last = 9; last < p95.length; last++) {
    if (mean(last - 4, last + 1) / mean(last - 9, last - 4) <= 1.1) continue;
    flagged = true;
    naive.flags++;
    // The 10-result window (last − 9 … last) contains a changing commit.
    const hit = end !== undefined && last >= CHANGE_AT && last - 9 <= end;
    if (hit) {
      naive.hitFlags++;
      if (!detected) naive.delays.push(last - CHANGE_AT);
      detected = true;
    }
  }
  if (detected) naive.detected++;
  if (flagged) naive.falseHistories++;
}
