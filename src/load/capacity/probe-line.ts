/**
 * One probe of a capacity search as a progress line (the CLI and the action log print these as the
 * search goes, so the probe table builds up line by line).
 */
import type { CapacityConfig } from '../../config/load-schema.js';
import type { CapacityProbe } from '../../result/capacity-schema.js';

/** `probe  3   16 users  meets   p95   123.4 ms   45.2 req/s  err 0.0 %  — why` */
export function formatProbeLine(
  probe: CapacityProbe,
  index: number,
  capacity: CapacityConfig | undefined,
): string {
  const unit = capacity?.by === 'arrival-rate' ? 'req/s' : 'users';
  const goodput = probe.goodputRps === undefined ? '' : `  goodput ${probe.goodputRps.toFixed(1)} req/s`;
  return (
    `capacity probe ${String(index + 1).padStart(2)}  ${String(probe.load).padStart(7)} ${unit.padEnd(5)}  ` +
    `${probe.outcome.padEnd(9)} p95 ${probe.p95Ms.toFixed(1).padStart(8)} ms  ` +
    `${probe.throughputRps.toFixed(1).padStart(8)} req/s${goodput}  err ${(probe.errorRate * 100).toFixed(1)} %  — ${probe.why}`
  );
}
