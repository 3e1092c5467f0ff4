/**
 * The capacity of one production variant: `workers` requests in service at once, a bounded FIFO
 * queue behind them, throttling beyond. A closed loop of N clients therefore saturates at
 * workers / mean service time, and waiting time (so p95) climbs as load approaches that.
 */

/** A unit of work waiting for, or holding, a worker. */
export interface PoolJob {
  /** Monotonic µs when the request arrived (set by the caller). */
  arrivalUs: number;
  /** Monotonic µs when a worker took it (set by the pool). */
  startUs: number;
  /**
   * Called once a worker is assigned, with the model time the work starts (may be slightly in the
   * past, see `release`); the job must later call `pool.release(job, endUs)`.
   */
  start(startUs: number): void;
}

export interface PoolObserver {
  /** A worker was busy from `startUs` to `endUs` (for utilization). */
  recordBusy(startUs: number, endUs: number): void;
}

export class VariantPool {
  readonly workers: number;
  readonly queueCapacity: number;
  private busyWorkers = 0;
  private queue: (PoolJob | undefined)[] = [];
  private head = 0;
  private readonly observer: PoolObserver;

  constructor(workers: number, queueCapacity: number, observer: PoolObserver) {
    this.workers = Math.max(1, Math.floor(workers));
    this.queueCapacity = Math.max(0, Math.floor(queueCapacity));
    this.observer = observer;
  }

  /** Requests in service. */
  get busy(): number {
    return this.busyWorkers;
  }

  /** Requests waiting. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  /**
   * Starts the job now if a worker is free, queues it otherwise; false (nothing happens) when the
   * queue is full — the caller throttles.
   */
  submit(job: PoolJob, nowUs: number): boolean {
    if (this.busyWorkers < this.workers) {
      this.busyWorkers++;
      job.startUs = nowUs;
      job.start(nowUs);
      return true;
    }
    if (this.queued >= this.queueCapacity) return false;
    this.queue.push(job);
    return true;
  }

  /**
   * Frees the job's worker at `endUs` — the *scheduled* end, not when the timer happened to fire —
   * and hands it to the next queued job from that instant. Keeping the model's own time line this
   * way means a late timer (CPU contention) delays one response but never loses capacity.
   */
  release(job: PoolJob, endUs: number): void {
    this.observer.recordBusy(job.startUs, endUs);
    const next = this.dequeue();
    if (next === undefined) {
      this.busyWorkers--;
      return;
    }
    const startUs = Math.max(endUs, next.arrivalUs);
    next.startUs = startUs;
    next.start(startUs);
  }

  /** Removes a job that has not started (its client went away). True when it was queued. */
  cancel(job: PoolJob): boolean {
    for (let i = this.head; i < this.queue.length; i++) {
      if (this.queue[i] === job) {
        this.queue.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  private dequeue(): PoolJob | undefined {
    if (this.head >= this.queue.length) return undefined;
    const job = this.queue[this.head];
    this.queue[this.head] = undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return job;
  }
}
