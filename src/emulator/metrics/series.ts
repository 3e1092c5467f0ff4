/**
 * Recording side of the emulator's metrics: one series per deployed variant, one-second buckets of
 * wall time held in a growable Float64Array (a handful of array writes per request, no allocation).
 */
import { instanceUtilization, type UtilizationMetric } from './utilization.js';
import type { InstanceProfile } from '../capacity/instance-profiles.js';

const COLUMNS = 12;
const INV = 0;
const E4 = 1;
const E5 = 2;
const ML_SUM = 3;
const ML_N = 4;
const ML_MIN = 5;
const ML_MAX = 6;
const OH_SUM = 7;
const OH_N = 8;
const OH_MIN = 9;
const OH_MAX = 10;
const BUSY = 11;

/** Outcome class of a request, for the error metrics. */
export const HttpClass = { Ok: 0, Client: 4, Server: 5 } as const;
export type HttpClass = (typeof HttpClass)[keyof typeof HttpClass];

/** The recording side for one variant (one deployment of it). */
export class MetricsSeries {
  readonly endpointName: string;
  readonly variantName: string;
  readonly instanceCount: number;
  readonly workers: number;
  readonly profile: InstanceProfile;
  /** Wall-clock second of bucket 0. */
  readonly baseSec: number;
  /** Wall-clock ms when the variant went into service / out of it. */
  readonly fromMs: number;
  toMs = Infinity;
  private readonly wallOffsetMs: number;
  private data: Float64Array;
  private seconds = 0;

  constructor(init: {
    endpointName: string;
    variantName: string;
    instanceCount: number;
    workers: number;
    profile: InstanceProfile;
    fromMs: number;
    /** wall ms = monotonic µs / 1000 + wallOffsetMs. */
    wallOffsetMs: number;
  }) {
    this.endpointName = init.endpointName;
    this.variantName = init.variantName;
    this.instanceCount = init.instanceCount;
    this.workers = init.workers;
    this.profile = init.profile;
    this.fromMs = init.fromMs;
    this.baseSec = Math.floor(init.fromMs / 1000);
    this.wallOffsetMs = init.wallOffsetMs;
    this.data = new Float64Array(0);
  }

  /** Records one finished request. `modelLatencyUs` < 0 when the model was never reached. */
  recordInvocation(nowUs: number, httpClass: HttpClass, modelLatencyUs: number, overheadUs: number): void {
    const o = this.bucket(nowUs);
    this.add(o + INV, 1);
    if (httpClass === HttpClass.Client) this.add(o + E4, 1);
    else if (httpClass === HttpClass.Server) this.add(o + E5, 1);
    if (modelLatencyUs >= 0) this.sample(o + ML_SUM, modelLatencyUs);
    if (overheadUs >= 0) this.sample(o + OH_SUM, overheadUs);
  }

  /** Adds `value` to column `i`. */
  private add(i: number, value: number): void {
    this.data[i] = (this.data[i] as number) + value;
  }

  /** Adds one sample to the sum/count/min/max columns starting at `i`. */
  private sample(i: number, value: number): void {
    const d = this.data;
    d[i] = (d[i] as number) + value;
    d[i + 1] = (d[i + 1] as number) + 1;
    if (value < (d[i + 2] as number)) d[i + 2] = value;
    if (value > (d[i + 3] as number)) d[i + 3] = value;
  }

  /** Records one worker busy from `startUs` to `endUs` (monotonic), split across second buckets. */
  recordBusy(startUs: number, endUs: number): void {
    let t = startUs;
    while (t < endUs) {
      const wallMs = t / 1000 + this.wallOffsetMs;
      const secEndUs = (Math.floor(wallMs / 1000) + 1 - this.wallOffsetMs / 1000) * 1_000_000;
      const sliceEnd = Math.min(endUs, secEndUs);
      const o = this.bucket(t);
      this.add(o + BUSY, sliceEnd - t);
      t = sliceEnd > t ? sliceEnd : endUs;
    }
  }

  /** Raw bucket values for second `sec` (wall-clock), or undefined when nothing was recorded. */
  bucketAt(sec: number): Float64Array | undefined {
    const i = sec - this.baseSec;
    if (i < 0 || i >= this.seconds) return undefined;
    return this.data.subarray(i * COLUMNS, (i + 1) * COLUMNS);
  }

  private bucket(nowUs: number): number {
    const sec = Math.floor((nowUs / 1000 + this.wallOffsetMs) / 1000);
    let i = sec - this.baseSec;
    if (i < 0) i = 0;
    if (i >= this.seconds) this.grow(i + 1);
    return i * COLUMNS;
  }

  private grow(seconds: number): void {
    if (seconds * COLUMNS > this.data.length) {
      const capacity = Math.max(seconds, (this.data.length / COLUMNS) * 2, 64);
      const next = new Float64Array(capacity * COLUMNS);
      next.set(this.data);
      this.data = next;
    }
    for (let i = this.seconds; i < seconds; i++) {
      const o = i * COLUMNS;
      this.data[o + ML_MIN] = Infinity;
      this.data[o + ML_MAX] = -Infinity;
      this.data[o + OH_MIN] = Infinity;
      this.data[o + OH_MAX] = -Infinity;
    }
    this.seconds = seconds;
  }

  /** Utilization of one second bucket for a utilization metric, or undefined outside the lifetime. */
  utilizationAt(sec: number, metric: UtilizationMetric): number | undefined {
    const startMs = sec * 1000;
    if (startMs + 1000 <= this.fromMs || startMs >= this.toMs) return undefined;
    const bucket = this.bucketAt(sec);
    const busyFraction = Math.min(
      1,
      (bucket ? (bucket[BUSY] as number) : 0) / (1_000_000 * this.workers * this.instanceCount),
    );
    return instanceUtilization(metric, busyFraction, this.profile);
  }
}

/** Column offsets inside a bucket, for the query side. */
export const COLUMN = {
  INV,
  E4,
  E5,
  ML_SUM,
  ML_N,
  ML_MIN,
  ML_MAX,
  OH_SUM,
  OH_N,
  OH_MIN,
  OH_MAX,
  BUSY,
} as const;
