/**
 * A closed-loop stage in virtual time, drawn from the emulator's own latency model: the instance
 * profile's workers and lognormal service time (`sampleLognormalUs`), the emulator's FIFO worker
 * pool (`VariantPool`), a latency scale for drift and for the change under test. N users invoke
 * back to back; a request's latency is its queueing plus service time. Each 1-second interval
 * keeps its completions' latencies (µs) — the input the load engine would record.
 */
import { VariantPool, type PoolJob } from '../../src/emulator/capacity/variant-pool.js';
import { sampleLognormalUs, type LognormalSpec } from '../../src/emulator/capacity/service-time.js';
import type { Random } from '../../src/core/random.js';

export interface StageModel {
  /** Concurrent workers of the endpoint (profile workers × instances). */
  workers: number;
  /** The profile's service time (before drift and change). */
  serviceTime: LognormalSpec;
  /** Closed-loop users. */
  users: number;
  /** Measured seconds. */
  seconds: number;
  /** Seconds simulated first and discarded (queue fills up). */
  warmupSeconds: number;
}

/** Completed latencies (µs) per measured 1-second interval. */
export type IntervalLatencies = Float64Array[];

interface Pending {
  endUs: number;
  job: SimJob;
}

interface SimJob extends PoolJob {
  user: number;
}

/** Simulates one stage; `latencyScale` multiplies every service time (drift × change). */
export function simulateStage(model: StageModel, latencyScale: number, random: Random): IntervalLatencies {
  const spec: LognormalSpec = {
    medianUs: model.serviceTime.medianUs * latencyScale,
    sigma: model.serviceTime.sigma,
  };
  const heap: Pending[] = [];
  const pool = new VariantPool(model.workers, model.users, { recordBusy: () => undefined });
  const warmupUs = model.warmupSeconds * 1e6;
  const endUs = (model.warmupSeconds + model.seconds) * 1e6;
  const buckets: number[][] = Array.from({ length: model.seconds }, () => []);

  const submit = (user: number, nowUs: number) => {
    const job: SimJob = {
      user,
      arrivalUs: nowUs,
      startUs: nowUs,
      start(startUs) {
        push(heap, { endUs: startUs + sampleLognormalUs(spec, random), job });
      },
    };
    pool.submit(job, nowUs);
  };
  for (let u = 0; u < model.users; u++) submit(u, 0);
  while (heap.length > 0) {
    const next = pop(heap) as Pending;
    if (next.endUs >= endUs) break;
    if (next.endUs >= warmupUs) {
      const second = Math.floor((next.endUs - warmupUs) / 1e6);
      buckets[second]?.push(next.endUs - next.job.arrivalUs);
    }
    pool.release(next.job, next.endUs);
    submit(next.job.user, next.endUs);
  }
  return buckets.map((b) => Float64Array.from(b));
}

function push(heap: Pending[], item: Pending): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent] as Pending;
    if (p.endUs <= item.endUs) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = item;
}

function pop(heap: Pending[]): Pending | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || last === undefined) return top;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child =
      right < heap.length && (heap[right] as Pending).endUs < (heap[left] as Pending).endUs ? right : left;
    if ((heap[child] as Pending).endUs >= last.endUs) break;
    heap[i] = heap[child] as Pending;
    i = child;
  }
  heap[i] = last;
  return top;
}
