/**
 * The gate's load stage: runs the load engine against the target the endpoint lifecycle provides
 * (a deployed candidate or an existing endpoint), and stops it — closing its threads and sockets —
 * as soon as the lifecycle aborts the signal (SIGINT/SIGTERM), so teardown can run before exit.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { computeScenario } from '../baseline/scenario-key.js';
import type { Config } from '../config/parse.js';
import { configRecord } from '../config/secrets.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Target } from '../endpoint/target.js';
import { logProgress, type ProgressDisplay } from '../load/engine/progress-display.js';
import { runLoadTest, type RunLoadTestOptions } from '../load/engine/run-load-test.js';
import type { ResultDocument } from '../result/document.js';

/** Engine settings a caller may set (the CLI's flags); the action uses the defaults. */
export type LoadTuning = Pick<RunLoadTestOptions, 'invoker' | 'workers' | 'preflight' | 'threads'>;

export interface LoadStageDeps {
  logger: Logger;
  clock: Clock;
  /** AWS credentials from the default provider chain. */
  credentials: AwsCredentialIdentityProvider;
  /** Resolves the runtime endpoint like the SDK (`AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`). */
  env: Readonly<Record<string, string | undefined>>;
  /** The result's run id. Default: a random UUID (matrix legs of one workflow run stay distinct). */
  runId?: string | undefined;
  /** Git and CI context written into the result. */
  source?: ResultDocument['source'] | undefined;
  /** Default: progress lines through the logger. */
  progress?: ProgressDisplay | undefined;
  tuning?: LoadTuning | undefined;
}

/** Runs the configured load against `target`; rejects with the signal's reason when it aborts. */
export async function runLoadStage(
  config: Config,
  target: Target,
  signal: AbortSignal,
  deps: LoadStageDeps,
): Promise<ResultDocument> {
  const variant =
    target.variants.find((v) => v.name === target.targetVariant) ??
    (target.variants.length === 1 ? target.variants[0] : undefined);
  deps.logger.info(`Load stage started against "${target.endpointName}".`);
  const result = await runLoadTest(
    config,
    {
      credentials: deps.credentials,
      clock: deps.clock,
      logger: deps.logger,
      env: deps.env,
      progress: deps.progress ?? logProgress(deps.logger),
      ...(deps.runId ? { runId: deps.runId } : {}),
      ...(deps.source ? { source: deps.source } : {}),
    },
    {
      ...deps.tuning,
      scenarioFor: (payloadDigest) => computeScenario(config, payloadDigest),
      configRecord: configRecord(config),
      endpointName: target.endpointName,
      ...(target.inferenceComponent === undefined ? {} : { inferenceComponent: target.inferenceComponent }),
      ...(target.asyncInputPath === undefined ? {} : { asyncInputPath: target.asyncInputPath }),
      target: {
        ...(variant?.instanceType ? { instanceType: variant.instanceType } : {}),
        ...(variant?.instanceCount ? { instanceCount: variant.instanceCount } : {}),
        deployed: target.deployed,
      },
      signal,
    },
  );
  const requests = result.stages.reduce((sum, s) => sum + s.stats.requests, 0);
  deps.logger.info(`Load stage finished: ${result.stages.length} stages, ${requests} requests.`);
  return result;
}
