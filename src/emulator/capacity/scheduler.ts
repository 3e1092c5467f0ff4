/**
 * Precise one-shot timers against absolute target times (microseconds on the emulator's monotonic
 * time base).
 *
 * Why not a plain `setTimeout` per request: libuv timers have millisecond resolution and measure from
 * a cached loop time, so a timer fires anywhere from ~1 ms early to ~1 ms late (more under CPU
 * contention). Over a 20 ms service time that is a 5 % error. Here every deadline goes into one
 * min-heap; a single `setTimeout` wakes the loop shortly before the earliest deadline and a
 * `setImmediate` loop covers the last sub-millisecond, so completions land within a few tens of
 * microseconds of their target.
 *
 * Spinning costs CPU. The spin time is budgeted (default 10 % of wall time per second); past the
 * budget the scheduler completes entries on the nearest millisecond instead (errors of ±0.5 ms,
 * unbiased on average), so a busy emulator never burns a core just to be punctual.
 */

/** Monotonic time source in microseconds. */
export type MicrosecondClock = () => number;

export interface SchedulerOptions {
  /** How long before a deadline the spin loop takes over, µs. Default 1500. */
  spinWindowUs?: number;
  /** Fraction of wall time the spin loop may use per second. Default 0.1. */
  spinBudgetFraction?: number;
}

interface Entry {
  atUs: number;
  seq: number;
  fn: () => void;
}

/** Runs callbacks at absolute monotonic times. */
export interface Scheduler {
  /** Runs `fn` at `atUs` (or as soon as possible if that is already past). */
  at(atUs: number, fn: () => void): void;
  /** Number of pending callbacks. */
  readonly pending: number;
  /** Drops every pending callback and stops the timers. */
  close(): void;
}

/** A scheduler that keeps deadlines in a min-heap (see the file comment). */
export function createScheduler(now: MicrosecondClock, options: SchedulerOptions = {}): Scheduler {
  const spinWindowUs = options.spinWindowUs ?? 1200;
  const spinBudgetUs = (options.spinBudgetFraction ?? 0.25) * 1_000_000;
  const heap: Entry[] = [];
  let seq = 0;
  let timer: NodeJS.Timeout | undefined;
  let timerAtUs = Infinity;
  let immediate: NodeJS.Immediate | undefined;
  let immediateSinceUs = 0;
  let spinWindowStartUs = now();
  let spinUsedUs = 0;
  let closed = false;

  const less = (a: Entry, b: Entry) => a.atUs < b.atUs || (a.atUs === b.atUs && a.seq < b.seq);

  function push(entry: Entry): void {
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Entry;
      if (!less(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  function pop(): Entry | undefined {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && less(heap[right] as Entry, heap[left] as Entry)) child = right;
      const c = heap[child] as Entry;
      if (!less(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }

  function spinAllowed(nowUs: number): boolean {
    if (nowUs - spinWindowStartUs >= 1_000_000) {
      spinWindowStartUs = nowUs;
      spinUsedUs = 0;
    }
    return spinUsedUs < spinBudgetUs;
  }

  function drain(): void {
    const nowUs = now();
    const precise = spinAllowed(nowUs);
    // Without spinning, anything due within half a millisecond is due now (unbiased rounding).
    const horizonUs = nowUs + (precise ? 20 : 500);
    while (heap.length > 0 && (heap[0] as Entry).atUs <= horizonUs) {
      const entry = pop() as Entry;
      entry.fn();
    }
    arm(precise);
  }

  function onTimer(): void {
    timer = undefined;
    timerAtUs = Infinity;
    drain();
  }

  function onImmediate(): void {
    immediate = undefined;
    spinUsedUs += now() - immediateSinceUs;
    drain();
  }

  function arm(precise: boolean): void {
    if (closed) return;
    const top = heap[0];
    if (top === undefined) {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      timerAtUs = Infinity;
      return;
    }
    const nowUs = now();
    const remainingUs = top.atUs - nowUs;
    // Due (or nearly): one loop turn. Within the spin window (when precise): spin until due.
    if (remainingUs <= (precise ? spinWindowUs : 500)) {
      if (immediate === undefined) {
        immediateSinceUs = nowUs;
        immediate = setImmediate(onImmediate);
      }
      return;
    }
    if (timer !== undefined && timerAtUs <= top.atUs) return;
    if (timer !== undefined) clearTimeout(timer);
    const delayMs = precise
      ? Math.max(1, Math.floor((remainingUs - spinWindowUs) / 1000))
      : Math.max(1, Math.round(remainingUs / 1000));
    timerAtUs = top.atUs;
    timer = setTimeout(onTimer, delayMs);
  }

  return {
    at(atUs, fn) {
      if (closed) return;
      const entry: Entry = { atUs, seq: seq++, fn };
      push(entry);
      if (heap[0] === entry) arm(spinAllowed(now()));
    },
    get pending() {
      return heap.length;
    },
    close() {
      closed = true;
      heap.length = 0;
      if (timer !== undefined) clearTimeout(timer);
      if (immediate !== undefined) clearImmediate(immediate);
      timer = undefined;
      immediate = undefined;
    },
  };
}
