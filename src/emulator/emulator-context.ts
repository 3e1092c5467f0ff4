/**
 * What every protocol handler and every part of the emulator shares: state, the time base, the
 * scheduler, metrics, faults and the introspection records. One per running emulator.
 */
import type { Logger } from '../core/logger.js';
import type { Scheduler } from './capacity/scheduler.js';
import type { FaultRegistry } from './faults/registry.js';
import type { OutcomeRegistry } from './introspection/outcomes.js';
import type { RequestLog } from './introspection/request-log.js';
import type { MetricsStore } from './metrics/store.js';
import type { EmulatorSettings } from './settings.js';
import type { ResourceStore } from './state/resources.js';
import type { Lifecycle } from './state/lifecycle.js';
import type { EmulatorTime } from './time.js';

export interface EmulatorContext {
  readonly settings: EmulatorSettings;
  readonly time: EmulatorTime;
  readonly scheduler: Scheduler;
  readonly resources: ResourceStore;
  readonly lifecycle: Lifecycle;
  readonly metrics: MetricsStore;
  readonly faults: FaultRegistry;
  readonly outcomes: OutcomeRegistry;
  readonly requestLog: RequestLog;
  readonly logger: Logger;
  /** A fresh `x-amzn-RequestId` (UUID-shaped, cheap: a per-emulator prefix and a counter). */
  nextRequestId(): string;
  /**
   * Per-emulator state of a protocol handler (e.g. the S3 handler's objects), created on first use.
   * Handlers are stateless singletons; whatever they keep lives here and dies with the emulator.
   */
  handlerState<T>(key: string, create: () => T): T;
}

/** Makes the request id source: `xxxxxxxx-0000-4000-8000-<12 hex counter>`. */
export function requestIdSource(seed: number): () => string {
  const prefix = (seed >>> 0).toString(16).padStart(8, '0');
  let counter = 0;
  return () => {
    counter++;
    return `${prefix}-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
  };
}
