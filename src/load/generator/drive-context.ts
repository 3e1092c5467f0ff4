/** What both load drivers (closed and open loop) work with inside one generator. */
import type { StageRecorder } from '../../metrics/stage-recorder.js';
import type { Invoker } from '../invoke/invoker.js';
import type { Timeline } from '../stages/plan.js';
import type { LoadShare } from '../stages/share.js';
import type { RequestSource } from './request-source.js';

export interface DriveContext {
  readonly timeline: Timeline;
  /** Monotonic µs at which the first stage begins. */
  readonly startUs: number;
  readonly share: LoadShare;
  readonly invoker: Invoker;
  readonly source: RequestSource;
  /** One recorder per stage of the timeline. */
  readonly recorders: readonly StageRecorder[];
  readonly monotonicUs: () => number;
  readonly nowMs: () => number;
  /** Set when the run is cancelled: drivers stop starting requests. */
  readonly signal: AbortSignal;
}
