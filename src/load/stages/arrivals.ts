/**
 * Open-loop arrival schedules. The cumulative expected arrivals Λ(t) of the staged rate (linear
 * ramps, flat stretches) is piecewise quadratic and inverted in closed form, so:
 * - `constant`: arrival k is at Λ⁻¹(k) — exact spacing, any rate change included;
 * - `poisson`: unit-rate Poisson points mapped through Λ⁻¹ (the time-rescaling theorem), which is
 *   a non-homogeneous Poisson process with the staged rate.
 * A share of the load takes every step-th constant arrival, or a Poisson process of 1/step the rate
 * (independent Poisson processes add up to one of the summed rate).
 */
import type { Arrivals } from '../../config/load-schema.js';
import { exponential, type Random } from '../../core/random.js';
import type { StagePlan } from './plan.js';
import type { LoadShare } from './share.js';

interface Segment {
  readonly startMs: number;
  readonly durationMs: number;
  readonly rampMs: number;
  /** Rates in arrivals per ms at the start and after the ramp. */
  readonly fromPerMs: number;
  readonly toPerMs: number;
  /** Λ at the segment start, and over the ramp part. */
  readonly before: number;
  readonly rampArrivals: number;
  readonly total: number;
}

/** Λ and Λ⁻¹ of a staged rate (targets in requests/s). */
export class ArrivalCurve {
  private readonly segments: Segment[] = [];
  /** Total expected arrivals over the whole timeline. */
  readonly totalArrivals: number;
  private cursor = 0;

  constructor(stages: readonly StagePlan[]) {
    let startMs = 0;
    let before = 0;
    for (const stage of stages) {
      const fromPerMs = stage.startTarget / 1000;
      const toPerMs = stage.target / 1000;
      const rampMs = Math.min(stage.rampMs, stage.durationMs);
      const rampArrivals = ((fromPerMs + toPerMs) / 2) * rampMs;
      const total = rampArrivals + toPerMs * (stage.durationMs - rampMs);
      this.segments.push({
        startMs,
        durationMs: stage.durationMs,
        rampMs,
        fromPerMs,
        toPerMs,
        before,
        rampArrivals,
        total,
      });
      startMs += stage.durationMs;
      before += total;
    }
    this.totalArrivals = before;
  }

  /** Expected arrivals from the start to `offsetMs`. */
  cumulative(offsetMs: number): number {
    let result = 0;
    for (const s of this.segments) {
      if (offsetMs <= s.startMs) break;
      const t = Math.min(offsetMs - s.startMs, s.durationMs);
      if (t <= s.rampMs) {
        const slope = s.rampMs > 0 ? (s.toPerMs - s.fromPerMs) / s.rampMs : 0;
        result = s.before + s.fromPerMs * t + (slope * t * t) / 2;
      } else {
        result = s.before + s.rampArrivals + s.toPerMs * (t - s.rampMs);
      }
    }
    return result;
  }

  /**
   * The time (ms from the start) at which Λ reaches `arrivals`, or `undefined` past the end.
   * Queries should be non-decreasing (a cursor makes them O(1)); earlier ones still work.
   */
  timeOf(arrivals: number): number | undefined {
    if (arrivals >= this.totalArrivals) return undefined;
    if (this.cursor >= this.segments.length || arrivals < (this.segments[this.cursor]?.before ?? 0))
      this.cursor = 0;
    while (this.cursor < this.segments.length) {
      const s = this.segments[this.cursor] as Segment;
      if (arrivals < s.before + s.total) return s.startMs + invertWithin(s, arrivals - s.before);
      this.cursor++;
    }
    return undefined;
  }
}

/** t within a segment where the segment's own Λ reaches `count`. */
function invertWithin(s: Segment, count: number): number {
  if (count <= s.rampArrivals && s.rampMs > 0) {
    const slope = (s.toPerMs - s.fromPerMs) / s.rampMs;
    if (Math.abs(slope) < 1e-15) return count / s.fromPerMs;
    // Root of slope/2·t² + from·t − count = 0 in the numerically stable form (also for from = 0).
    const root = Math.sqrt(Math.max(0, s.fromPerMs * s.fromPerMs + 2 * slope * count));
    return (2 * count) / (s.fromPerMs + root);
  }
  return s.rampMs + (count - s.rampArrivals) / s.toPerMs;
}

/** Intended start times (ms from the run start) of one generator's arrivals, in order. */
export interface ArrivalSchedule {
  /** The next intended start, or `undefined` when the schedule is over. */
  next(): number | undefined;
}

/** The schedule of one share of the load. `random` is only used for Poisson arrivals. */
export function arrivalSchedule(
  curve: ArrivalCurve,
  arrivals: Arrivals,
  share: LoadShare,
  random: Random,
): ArrivalSchedule {
  if (arrivals === 'constant') {
    let unit = share.offset;
    return {
      next() {
        const at = curve.timeOf(unit);
        unit += share.step;
        return at;
      },
    };
  }
  // Unit-rate points for this share live on the Λ axis spaced by Exp(mean = step).
  let position = exponential(random, share.step);
  return {
    next() {
      const at = curve.timeOf(position);
      position += exponential(random, share.step);
      return at;
    },
  };
}
