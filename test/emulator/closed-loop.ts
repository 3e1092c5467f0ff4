/**
 * A tiny closed-loop HTTP client for capacity tests: N virtual users POST back to back over
 * keep-alive connections and record each latency and completion time. Unsigned (the emulator does
 * not check signatures) so the client's own cost stays negligible next to the modelled times.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoopResult {
  /** Client-measured latency of each successful request, ms. */
  latenciesMs: number[];
  /** performance.now() at each completion (successes), ms. */
  completionsMs: number[];
  /** Count of responses by HTTP status. */
  statuses: Record<number, number>;
}

export async function closedLoop(options: {
  url: string;
  endpoint: string;
  concurrency: number;
  /** Stop after this many requests in total, or after `durationMs`. */
  requests?: number;
  durationMs?: number;
  body?: Buffer;
  /** Spread the users' first requests evenly over this many ms (avoids a synchronized burst). */
  staggerMs?: number;
}): Promise<LoopResult> {
  const target = new URL(`/endpoints/${options.endpoint}/invocations`, options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const body = options.body ?? Buffer.from('{"x":1}');
  const result: LoopResult = { latenciesMs: [], completionsMs: [], statuses: {} };
  const deadline = performance.now() + (options.durationMs ?? Infinity);
  let remaining = options.requests ?? Infinity;
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const user = async (index: number) => {
    const delayMs = ((options.staggerMs ?? 0) * index) / options.concurrency;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    while (remaining > 0 && performance.now() < deadline) {
      remaining--;
      const start = performance.now();
      const status = await once();
      const end = performance.now();
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      if (status === 200) {
        result.latenciesMs.push(end - start);
        result.completionsMs.push(end);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => user(i)));
  agent.destroy();
  return result;
}

/** The q-quantile (0..1) of values, by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/**
 * Measures how late this process's timers fire while a test runs — a direct reading of CPU
 * contention from other processes (an idle machine: ≲ 1.5 ms at p95 for 5 ms timers).
 */
export function latenessProbe(): { stop(): { p95Ms: number; p99Ms: number } } {
  const lateMs: number[] = [];
  let expected = performance.now() + 5;
  const timer = setInterval(() => {
    const now = performance.now();
    lateMs.push(Math.max(0, now - expected));
    expected = now + 5;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return { p95Ms: quantile(lateMs, 0.95), p99Ms: quantile(lateMs, 0.99) };
    },
  };
}
