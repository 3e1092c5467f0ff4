/**
 * The emulator's time base: one monotonic microsecond clock for scheduling and measurement, mapped
 * to wall-clock milliseconds for CloudWatch timestamps and resource creation times.
 */
import { performance } from 'node:perf_hooks';

export interface EmulatorTime {
  /** Monotonic time, µs (sub-microsecond precision, cheap: no BigInt). */
  nowUs(): number;
  /** Wall-clock ms since the epoch of a monotonic instant. */
  wallMsAt(monotonicUs: number): number;
}

/** Real time: `performance.now()` and its time origin. */
export const realTime: EmulatorTime = {
  nowUs: () => performance.now() * 1000,
  wallMsAt: (us) => performance.timeOrigin + us / 1000,
};
