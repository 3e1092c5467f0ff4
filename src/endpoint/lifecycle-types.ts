/** What every part of the endpoint lifecycle shares: the settings it reads, its dependencies, the load phase. */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Config } from '../config/parse.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import type { RunIdentity } from './run-identity.js';
import type { SignalSource } from './signals.js';
import type { StateStore } from './state.js';
import type { Target } from './target.js';

/** The settings the lifecycle reads. */
export type LifecycleConfig = Pick<
  Config,
  'endpoint' | 'guardrails' | 'load' | 'report' | 'region' | 'scenario' | 'request' | 'hourlyPriceTrusted'
>;

/** What the lifecycle needs from the outside world. */
export interface LifecycleDeps {
  /** Control-plane client (see `createControlPlaneClient`). */
  sagemaker: SageMakerClient;
  /** Where created resources are recorded for the post step. */
  state: StateStore;
  logger: Logger;
  clock: Clock;
  /** Jitter for retries. */
  random: Random;
  /** Names and tags resources. */
  run: RunIdentity;
  /** SIGINT/SIGTERM source; `process` in production. */
  signals: SignalSource;
}

/** The load phase: runs against the target, stops promptly when `signal` aborts. */
export type LoadPhase<T> = (target: Target, signal: AbortSignal) => Promise<T>;
