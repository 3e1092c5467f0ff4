/**
 * Is the load generator itself the bottleneck? A saturated generator reports its own queueing as
 * endpoint latency, so each worker measures its event-loop delay and CPU, the engine adds the send
 * lag, and the run is flagged `saturated` (with the remedy) when any of them says so.
 */
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { ClientHealth } from '../result/document.js';

/** Send lag p99 above this means requests left late. */
const SATURATED_SEND_LAG_P99_MS = 2;
/** A worker busy above this share of one core has no headroom left. */
export const SATURATED_CPU_PCT = 85;
/** Event-loop delay p99 above this means callbacks (and so timestamps) were held up. */
const SATURATED_EVENT_LOOP_DELAY_P99_MS = 20;

const RESOLUTION_MS = 10;

/** One worker's health over a run. */
export interface WorkerHealth {
  /** CPU time of the worker thread (or its event-loop busy time where thread CPU is unavailable), % of one core. */
  readonly cpuPct: number;
  /** Event-loop delay beyond the sampling resolution, p99 and max, ms. */
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
}

type ThreadCpuUsage = () => NodeJS.CpuUsage;

/**
 * Measures the current thread from `start()` to `stop()`. `sleptMs` reports time the thread spent
 * blocked in deliberate sleeps (`Atomics.wait`), which event-loop utilization would count as busy.
 */
export class HealthMonitor {
  private histogram: IntervalHistogram | undefined;
  private startedMs = 0;
  private cpuStart: NodeJS.CpuUsage | undefined;
  private eluStart: ReturnType<typeof performance.eventLoopUtilization> | undefined;
  private readonly threadCpu: ThreadCpuUsage | undefined = threadCpuUsage();
  private sleptAtStart = 0;

  constructor(private readonly sleptMs: () => number = () => 0) {}

  start(): void {
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.startedMs = performance.now();
    this.cpuStart = this.threadCpu?.();
    this.eluStart = performance.eventLoopUtilization();
    this.sleptAtStart = this.sleptMs();
  }

  stop(): WorkerHealth {
    const histogram = this.histogram;
    histogram?.disable();
    const elapsedMs = Math.max(1, performance.now() - this.startedMs);
    let cpuPct: number;
    if (this.threadCpu && this.cpuStart) {
      const used = this.threadCpu();
      cpuPct =
        ((used.user - this.cpuStart.user + used.system - this.cpuStart.system) / 1000 / elapsedMs) * 100;
    } else {
      const elu = performance.eventLoopUtilization(this.eluStart);
      const busyMs = Math.max(0, elu.active - (this.sleptMs() - this.sleptAtStart));
      cpuPct = (busyMs / Math.max(1, elu.active + elu.idle)) * 100;
    }
    const beyond = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
    const sampled = histogram !== undefined && histogram.count > 0;
    return {
      cpuPct,
      eventLoopDelayP99Ms: sampled ? beyond(histogram.percentile(99)) : 0,
      eventLoopDelayMaxMs: sampled ? beyond(histogram.max) : 0,
    };
  }
}

function threadCpuUsage(): ThreadCpuUsage | undefined {
  const candidate = (process as unknown as { threadCpuUsage?: ThreadCpuUsage }).threadCpuUsage;
  return typeof candidate === 'function' ? candidate.bind(process) : undefined;
}

/**
 * Judges the run from every worker's health and the run's send lag p99. `maxClientDelayMs`
 * (`load.max-client-delay`) replaces both delay limits (send lag, event-loop delay) when given.
 */
export function assessClientHealth(
  workers: readonly WorkerHealth[],
  sendLagP99Ms: number,
  cores: number,
  maxClientDelayMs?: number,
): ClientHealth {
  const sendLagLimitMs = maxClientDelayMs ?? SATURATED_SEND_LAG_P99_MS;
  const eventLoopDelayLimitMs = maxClientDelayMs ?? SATURATED_EVENT_LOOP_DELAY_P99_MS;
  const maxWorkerCpuPct = Math.max(0, ...workers.map((w) => w.cpuPct));
  const eventLoopDelayP99Ms = Math.max(0, ...workers.map((w) => w.eventLoopDelayP99Ms));
  const reasons: string[] = [];
  if (sendLagP99Ms > sendLagLimitMs) {
    reasons.push(`p99 send lag ${sendLagP99Ms.toFixed(1)} ms (limit ${sendLagLimitMs} ms)`);
  }
  if (maxWorkerCpuPct > SATURATED_CPU_PCT) {
    reasons.push(
      `a load worker used ${maxWorkerCpuPct.toFixed(0)} % of a core (limit ${SATURATED_CPU_PCT} %)`,
    );
  }
  if (eventLoopDelayP99Ms > eventLoopDelayLimitMs) {
    reasons.push(
      `p99 event-loop delay ${eventLoopDelayP99Ms.toFixed(1)} ms (limit ${eventLoopDelayLimitMs} ms)`,
    );
  }
  const warnings =
    reasons.length === 0
      ? []
      : [
          `The load generator was saturated (${reasons.join('; ')}): measured latencies include client-side ` +
            `queueing, so this run's figures are not trustworthy. Remedy: use more worker threads ` +
            `(\`load.workers\`, ${workers.length} of ${cores} cores used), a runner with more cores, or split the ` +
            `load across runners with \`shard\`; or lower the target. When the endpoint's latencies are long next to ` +
            `this delay, \`load.max-client-delay\` accepts it.`,
        ];
  return {
    workers: Math.max(1, workers.length),
    maxWorkerCpuPct,
    eventLoopDelayP99Ms,
    sendLagP99Ms,
    saturated: reasons.length > 0,
    warnings,
  };
}
