/**
 * What a caller hands the gate, written out in two values: `services` — the outside world the gate
 * talks to (AWS clients, the publisher, where teardown state is kept, the clock, randomness, signals,
 * logging, git) — and `run` — this run's identity and tuning. The action (src/action/gate-deps.ts),
 * the CLI (src/cli/gate-deps.ts) and the demo (src/demo/gate-wiring.ts) build both; the gate's phases
 * receive the one flat value `phaseDeps` makes of them.
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { StoreDeps } from '../baseline/store.js';
import type { CloudWatchSender } from '../cloudwatch/collect.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Random } from '../core/random.js';
import type { Redactor } from '../core/redact.js';
import type { RunIdentity } from '../endpoint/run-identity.js';
import type { SignalSource } from '../endpoint/signals.js';
import type { StateStore } from '../endpoint/state.js';
import type { LimitSet } from '../guardrails/limits.js';
import type { ProgressDisplay } from '../load/engine/progress-display.js';
import type { GatePublisher } from '../publish/publisher.js';
import type { LoadTuning } from './load-stage.js';
import type { MeasureDeps } from './measure.js';

/** The outside world: clients, clock and the other seams tests replace. */
export interface GateServices {
  /** SageMaker control plane (see `createControlPlaneClient`). */
  sagemaker: SageMakerClient;
  /** CloudWatch for server-side metrics; absent = not collected. */
  cloudwatch?: CloudWatchSender | undefined;
  /** AWS credentials for the load's signed requests (the default provider chain). */
  credentials: AwsCredentialIdentityProvider;
  /** The environment: endpoint URLs (`AWS_ENDPOINT_URL_*`) and the credentials the redactor knows. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where created resources are recorded for the post step. */
  state: StateStore;
  /** Where the report goes. */
  publisher: GatePublisher;
  logger: Logger;
  /**
   * Masks secrets in every log line and result (src/gate/redaction.ts); the entry point's knows the
   * credentials and the token. Default: a new one knowing the environment's credentials.
   */
  redactor?: Redactor | undefined;
  clock: Clock;
  /** Jitter for retries. */
  random: Random;
  /** SIGINT/SIGTERM source; `process` in production. */
  signals: SignalSource;
  /** Default: progress lines through the logger. */
  progress?: ProgressDisplay | undefined;
  /** The git store's tools (binary, commit identity, environment); default the real `git` in the checkout. */
  git?: GitSettings | undefined;
}

/** The git store's tools (see `StoreDeps` in src/baseline/store.ts): binary, commit identity, environment, scratch directory. */
export type GitSettings = Partial<Pick<StoreDeps, 'gitBinary' | 'identity' | 'env' | 'wrapGit' | 'tempDir'>>;

/** This run: who it is (names and tags its resources) and how it is tuned. */
export interface GateRunSettings {
  /** Names and tags resources: CI run, attempt, repository, sha, job, leg. */
  identity: RunIdentity;
  /** The result's run id. Default: a random UUID (matrix legs of one workflow run stay distinct). */
  resultId?: string | undefined;
  /** Limits from the action's inputs; the strictest of these, the base branch's and the file's apply. */
  limits?: LimitSet | undefined;
  /** Load engine settings (the CLI's flags); the action uses the defaults. */
  tuning?: LoadTuning | undefined;
  /** Pause between CloudWatch polls (default 15 s; tests shorten it). */
  cloudwatchPollIntervalMs?: number | undefined;
}

export interface GateDeps {
  services: GateServices;
  run: GateRunSettings;
}

/** The one flat value the gate's phases read (each phase declares the part it needs). */
export interface PhaseDeps extends Omit<MeasureDeps, 'source'> {
  publisher: GatePublisher;
  cloudwatch?: CloudWatchSender | undefined;
  cloudwatchPollIntervalMs?: number | undefined;
  limits?: LimitSet | undefined;
  git?: GitSettings | undefined;
  redactor?: Redactor | undefined;
}

/** `deps` as the phases read it. */
export function phaseDeps({ services, run }: GateDeps): PhaseDeps {
  return {
    ...services,
    run: run.identity,
    ...(run.resultId === undefined ? {} : { runId: run.resultId }),
    ...(run.limits === undefined ? {} : { limits: run.limits }),
    ...(run.tuning === undefined ? {} : { tuning: run.tuning }),
    ...(run.cloudwatchPollIntervalMs === undefined
      ? {}
      : { cloudwatchPollIntervalMs: run.cloudwatchPollIntervalMs }),
  };
}
