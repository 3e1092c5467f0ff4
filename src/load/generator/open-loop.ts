/**
 * Open loop: requests start on the schedule whatever the endpoint does. Latency runs from the
 * intended start (so a stalled endpoint cannot hide its stall — no coordinated omission); the send
 * lag (actual − intended start) is recorded; an arrival that finds max-in-flight requests already
 * outstanding is dropped and counted, never silently skipped. After a hiccup, overdue arrivals
 * leave at once (and their lag shows it).
 */
import type { DriveContext } from './drive-context.js';
import type { ArrivalSchedule } from '../stages/arrivals.js';
import { stageIndexAt } from '../stages/plan.js';
import { waitUntil } from './precise-wait.js';

/** Let the event loop read responses after this many back-to-back dispatches. */
const YIELD_EVERY = 32;

export async function driveOpenLoop(
  ctx: DriveContext,
  schedule: ArrivalSchedule,
  maxInFlight: number,
): Promise<void> {
  const { timeline, startUs, recorders, monotonicUs } = ctx;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  let hint = 0;
  let nextMs = schedule.next();
  while (nextMs !== undefined && !ctx.signal.aborted) {
    await waitUntil(startUs + nextMs * 1000, monotonicUs);
    let nowUs = monotonicUs();
    let burst = 0;
    while (nextMs !== undefined && startUs + nextMs * 1000 <= nowUs) {
      const intendedUs = startUs + nextMs * 1000;
      hint = Math.max(0, stageIndexAt(timeline, nextMs, hint));
      const recorder = recorders[hint];
      nextMs = schedule.next();
      if (!recorder) continue;
      if (inFlight >= maxInFlight) {
        recorder.dropped(intendedUs);
        continue;
      }
      inFlight++;
      const body = ctx.source.next();
      recorder.started(intendedUs, monotonicUs(), body.bytes.byteLength);
      void ctx.invoker.invoke(body).then((outcome) => {
        recorder.completed(intendedUs, intendedUs, outcome, outcome.outcome === 'ok' ? 0 : ctx.nowMs());
        inFlight--;
        if (inFlight === 0 && drained) drained();
      });
      if (++burst % YIELD_EVERY === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        nowUs = monotonicUs();
      }
    }
  }
  if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
}
