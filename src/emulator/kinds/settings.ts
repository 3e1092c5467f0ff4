/**
 * Scenario settings of the hosting kinds beyond real-time instances: serverless cold starts,
 * inference-component scale to zero, asynchronous inference, and the S3 buckets that exist at start
 * (an async endpoint's input and output objects live in the emulator's S3).
 */

export interface ServerlessSettings {
  /** Time to bring up one more execution environment (a cold start). Default 1 s. */
  coldStartMs: number;
  /** A warm environment idle this long is reclaimed (the next request past it is cold). Default 60 s. */
  idleTimeoutMs: number;
}

export interface ComponentSettings {
  /**
   * Scale to zero: a component idle this long has no copy left (as with an Application Auto Scaling
   * policy whose MinCapacity is 0). Undefined (default) = copies stay.
   */
  scaleToZeroAfterMs: number | undefined;
  /**
   * From zero copies: time from the first refused request (NoCapacityInvocationFailures) until a copy
   * serves, i.e. alarm + scale-out + model load. Default 1 s.
   */
  scaleOutMs: number;
}

export interface AsyncSettings {
  /** MaxConcurrentInvocationsPerInstance when the config does not say. Default 4. */
  defaultConcurrencyPerInstance: number;
}

export interface KindSettings {
  serverless: ServerlessSettings;
  components: ComponentSettings;
  async: AsyncSettings;
  /** Buckets that exist when the emulator starts. */
  buckets: readonly string[];
}

export const DEFAULT_KIND_SETTINGS: KindSettings = {
  serverless: { coldStartMs: 1000, idleTimeoutMs: 60_000 },
  components: { scaleToZeroAfterMs: undefined, scaleOutMs: 1000 },
  async: { defaultConcurrencyPerInstance: 4 },
  buckets: [],
};
