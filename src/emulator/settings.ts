/**
 * The emulator's resolved settings: the scenario file (or object) merged with the start options and
 * the built-in defaults. Everything downstream reads these, never the raw scenario.
 */
import type { InstanceProfile } from './capacity/instance-profiles.js';
import type { StallSpec } from './capacity/service-time.js';
import type { KindSettings } from './kinds/settings.js';
import type { StreamingDefaults } from './model/behaviour.js';

/** Lifecycle timing. Defaults keep demos and tests quick; a scenario can set AWS-like minutes. */
export interface LifecycleTiming {
  /** Creating → InService. Default 2 s. */
  createDelayMs: number;
  /** Updating → InService. Default 2 s. */
  updateDelayMs: number;
  /** Deleting → gone. Default 1 s. */
  deleteDelayMs: number;
  /** How long a proxied container may take to answer GET /ping during Creating. Default 30 s. */
  containerStartupTimeoutMs: number;
  /** Interval between pings while waiting for a container. Default 200 ms. */
  pingIntervalMs: number;
  /**
   * DeleteEndpoint on an endpoint that is still Creating: `allow` (default; the deployment is
   * abandoned) or `refuse` (AWS's answer: `Cannot update in-progress endpoint`, retry once it is
   * InService or Failed). Updating and Deleting endpoints are always refused, as on AWS.
   */
  deleteWhileCreating: 'allow' | 'refuse';
}

export const DEFAULT_LIFECYCLE: LifecycleTiming = {
  createDelayMs: 2000,
  updateDelayMs: 2000,
  deleteDelayMs: 1000,
  containerStartupTimeoutMs: 30_000,
  pingIntervalMs: 200,
  deleteWhileCreating: 'allow',
};

/** A stall rule: which endpoints it freezes, and when. */
export interface StallRule extends StallSpec {
  endpoint: RegExp;
}

/** What a full queue answers. */
export type OverloadError = 'ThrottlingException' | 'ServiceUnavailable' | 'ModelNotReadyException';

export interface EmulatorSettings {
  seed: number;
  region: string;
  accountId: string;
  /** Instance profiles by type: built-in table with the scenario's overrides and additions. */
  profiles: Readonly<Record<string, InstanceProfile>>;
  streaming: StreamingDefaults;
  /** Run-to-run drift: sigma of the lognormal factor drawn per endpoint creation (0 = none). */
  driftSigma: number;
  stalls: readonly StallRule[];
  lifecycle: LifecycleTiming;
  overloadError: OverloadError;
  /** Serverless, inference-component and async behaviour; the S3 buckets that exist at start. */
  kinds: KindSettings;
}
