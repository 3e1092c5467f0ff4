/**
 * Closed loop: N virtual users, each sending its next request as soon as the previous one
 * completes. N follows the stage targets (ramps included); this generator runs its share of the
 * users (user ids offset, offset + step, …). Users above the current target finish their request
 * and stop; new users start when the target rises. Latency runs from the actual send; the time a
 * user waited between its previous response and its next send is recorded as dispatch delay.
 */
import { stageIndexAt, targetAt } from '../stages/plan.js';
import { unitsInShare } from '../stages/share.js';
import type { DriveContext } from './drive-context.js';
import { waitUntil } from './precise-wait.js';

/** How often the user count is re-evaluated during a ramp. */
const RAMP_TICK_US = 10_000;

export async function driveClosedLoop(ctx: DriveContext): Promise<void> {
  const { timeline, startUs, share, recorders, monotonicUs } = ctx;
  const endUs = startUs + timeline.totalMs * 1000;
  let hint = 0;
  const stageAt = (nowUs: number): number => {
    hint = Math.max(0, stageIndexAt(timeline, (nowUs - startUs) / 1000, hint));
    return hint;
  };
  const usersAt = (nowUs: number): number => {
    const offsetMs = (nowUs - startUs) / 1000;
    const index = stageIndexAt(timeline, offsetMs, hint);
    const stage = timeline.stages[index];
    if (index < 0 || !stage) return 0;
    const target = Math.round(targetAt(stage, offsetMs - (timeline.startsMs[index] ?? 0)));
    return unitsInShare(share, target);
  };

  const running: boolean[] = [];
  const users = new Set<Promise<void>>();
  const user = async (id: number): Promise<void> => {
    let readyUs = monotonicUs();
    for (;;) {
      const sentUs = monotonicUs();
      if (ctx.signal.aborted || sentUs >= endUs || id >= usersAt(sentUs)) break;
      const recorder = recorders[stageAt(sentUs)];
      if (!recorder) break;
      const body = ctx.source.next();
      recorder.started(readyUs, sentUs, body.bytes.byteLength);
      const outcome = await ctx.invoker.invoke(body);
      recorder.completed(readyUs, sentUs, outcome, outcome.outcome === 'ok' ? 0 : ctx.nowMs());
      readyUs = outcome.endUs;
    }
    running[id] = false;
  };

  await waitUntil(startUs, monotonicUs);
  for (;;) {
    const nowUs = monotonicUs();
    if (ctx.signal.aborted || nowUs >= endUs) break;
    const wanted = usersAt(nowUs);
    for (let id = 0; id < wanted; id++) {
      if (running[id]) continue;
      running[id] = true;
      const done = user(id);
      users.add(done);
      void done.finally(() => users.delete(done));
    }
    await waitUntil(nextCheckUs(ctx, nowUs, endUs), monotonicUs);
  }
  await Promise.all(users);
}

/** The next stage boundary, or the next ramp tick while ramping. */
function nextCheckUs(ctx: DriveContext, nowUs: number, endUs: number): number {
  const { timeline, startUs } = ctx;
  const offsetMs = (nowUs - startUs) / 1000;
  const index = stageIndexAt(timeline, offsetMs);
  const stage = timeline.stages[index];
  const stageStartMs = timeline.startsMs[index] ?? 0;
  if (!stage) return endUs;
  const boundaryUs = startUs + (stageStartMs + stage.durationMs) * 1000;
  const ramping = stage.rampMs > 0 && offsetMs - stageStartMs < stage.rampMs;
  return Math.min(boundaryUs, endUs, ramping ? nowUs + RAMP_TICK_US : boundaryUs);
}
