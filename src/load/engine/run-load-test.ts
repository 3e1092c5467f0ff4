/**
 * The load engine's high-level API: config in, result document out. Loads and checks payloads
 * (every problem before a single request), opens a session, probes the endpoint once, runs
 * warm-up + stages, and builds `result.json`. Errors while the load runs never stop it.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { configRecord } from '../../config/secrets.js';
import { systemClock } from '../../core/clock.js';
import { InfrastructureError, UserInputError } from '../../core/errors.js';
import type { RequestSloUs } from '../../metrics/stage-recorder.js';
import type { CapacityResult } from '../../result/capacity-schema.js';
import type { ResultDocument } from '../../result/document.js';
import { formatProbeLine } from '../capacity/probe-line.js';
import { runCapacitySearch } from '../capacity/run-capacity.js';
import { resolveRuntimeUrl, resolveS3Url, type Environment } from '../invoke/endpoint-url.js';
import { parseJsonPath } from '../invoke/json-path.js';
import type { InvokerKind } from '../invoke/invoker.js';
import type { Outcome } from '../invoke/outcome.js';
import { loadRequestPayloads } from '../payloads/request-payloads.js';
import { prepareBodies } from '../payloads/request-bodies.js';
import { planStages } from '../stages/plan.js';
import { subShare, WHOLE, type LoadShare } from '../stages/share.js';
import type { ThreadMode } from '../workers/generator-pool.js';
import { buildResultDocument } from './build-result.js';
import type { ProgressDisplay } from './progress-display.js';
import { openLoadSession, type LoadSessionDeps, type StageRunResult } from './session.js';
import type { ColdStartSection } from '../../result/cold-start-schema.js';
import { measureColdStart } from './cold-start.js';
import type { LoadSpec } from './load-spec.js';
import type { LoadTarget } from './target.js';

export interface RunLoadTestDeps extends LoadSessionDeps {
  /** Environment for the endpoint URL (`AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME`, `AWS_ENDPOINT_URL`). */
  readonly env?: Environment;
  readonly progress?: ProgressDisplay;
  /** Run id (default: a random UUID). */
  readonly runId?: string;
  /** Git/CI context for the document. */
  readonly source?: ResultDocument['source'];
}

export interface RunLoadTestOptions {
  /**
   * The scenario of the result, from the digest of the payloads as loaded: the caller (the gate)
   * owns the scenario key; the load engine knows nothing of baselines.
   */
  readonly scenarioFor: (payloadDigest: string) => ResultDocument['scenario'];
  /**
   * result.json's `config`: the caller's whole config as run (`configRecord(config)` from
   * src/config/secrets.ts). Default: the load specification's own sections, recorded the same way.
   */
  readonly configRecord?: unknown;
  /** The endpoint to test when it is not `endpoint.name` (a deployed candidate). */
  readonly endpointName?: string;
  /** Facts about the target the lifecycle knows (instance type/count, whether it was deployed). */
  readonly target?: Partial<Pick<ResultDocument['target'], 'instanceType' | 'instanceCount' | 'deployed'>>;
  /** Default `fast`. */
  readonly invoker?: InvokerKind;
  /** Generator threads; default from `load.workers` (`auto`: one per core, at most 4). */
  readonly workers?: number;
  /** Default `workers`. */
  readonly threads?: ThreadMode;
  /** Probe the endpoint with one request before the load. Default true. */
  readonly preflight?: boolean;
  /** Override the SageMaker Runtime URL (else resolved from `env` like the SDK). */
  readonly endpointUrl?: string;
  /** The candidate inference component the lifecycle created (wins over `request.inference-component`). */
  readonly inferenceComponent?: string;
  /** Asynchronous endpoint: where payloads are uploaded (else `request.async-input-path` with `request.async`). */
  readonly asyncInputPath?: string;
  /** Asynchronous endpoint: the prefix this run's objects go under (default: the run id). */
  readonly asyncRunPrefix?: string;
  /**
   * Cancels the run: generation stops, the session (threads, sockets) closes, and `runLoadTest`
   * rejects with `signal.reason`.
   */
  readonly signal?: AbortSignal;
}

/** `Cold start: first success after 812 ms (3 attempts; errors: throttled 2).` */
function describeColdStart(c: ColdStartSection): string {
  const errors = Object.entries(c.errors)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const first =
    c.timeToFirstSuccessMs === null
      ? 'no success before the timeout'
      : `first success after ${Math.round(c.timeToFirstSuccessMs)} ms`;
  return `Cold start: ${first} (${c.attempts} attempt${c.attempts === 1 ? '' : 's'}${errors ? `; errors: ${errors}` : ''}).`;
}

/** Async completion polling: first HeadObject after 50 ms, backing off to one a second. */
const ASYNC_POLL_MIN_MS = 50;
const ASYNC_POLL_MAX_MS = 1000;

/** Probe outcomes that mean the run cannot succeed at all. */
const FATAL_PROBE = new Set<Outcome['outcome']>(['validation', 'network', 'other']);

export async function runLoadTest(
  config: LoadSpec,
  deps: RunLoadTestDeps,
  options: RunLoadTestOptions,
): Promise<ResultDocument> {
  const clock = deps.clock ?? systemClock;
  options.signal?.throwIfAborted();
  const endpointName = options.endpointName ?? config.endpoint.name;
  if (!endpointName) {
    throw new UserInputError({
      field: 'endpoint.name',
      message: 'no endpoint to test',
      fix: 'set `endpoint.name`',
    });
  }
  const payloads = await loadRequestPayloads(config.request, config.baseDir, config.workspaceDir);
  prepareBodies(payloads.payloads, config.request);
  checkExpectations(config);
  const runId = deps.runId ?? randomUUID();
  const asyncInputPath =
    options.asyncInputPath ?? (config.request.async ? config.request.asyncInputPath : undefined);
  const target: LoadTarget = {
    endpointName,
    region: config.region,
    endpointUrl: resolveRuntimeUrl(config.region, deps.env ?? {}, options.endpointUrl),
    variant: config.endpoint.variant,
    ...(options.inferenceComponent === undefined ? {} : { inferenceComponent: options.inferenceComponent }),
    ...(asyncInputPath === undefined
      ? {}
      : {
          async: {
            s3EndpointUrl: resolveS3Url(deps.env ?? {}),
            inputPath: asyncInputPath,
            pollMinMs: ASYNC_POLL_MIN_MS,
            pollMaxMs: ASYNC_POLL_MAX_MS,
            runNonce: options.asyncRunPrefix ?? runId,
          },
        }),
  };
  const share: LoadShare = config.shard ? subShare(WHOLE, config.shard.index - 1, config.shard.count) : WHOLE;
  const workers =
    options.workers ??
    (config.load.workers === 'auto' ? Math.min(4, availableParallelism()) : config.load.workers);
  const invoker = options.invoker ?? 'fast';
  const session = await openLoadSession(
    {
      request: config.request,
      payloads,
      workers,
      invoker,
      share,
      ...(options.threads ? { threads: options.threads } : {}),
      requestSlo: requestSloUs(config),
    },
    deps,
  );
  try {
    const { signal } = options;
    const coldStart =
      config.load.coldStart === undefined
        ? undefined
        : await untilAborted(
            measureColdStart(config.load.coldStart, {
              probe: () => session.probe(target),
              monotonicUs: systemClock.monotonicUs, // the clock the probe stamps `endUs` with
              nowMs: () => clock.nowMs(),
              sleep: (ms) => clock.sleep(ms),
              signal,
            }),
            signal,
            () => undefined,
          );
    if (coldStart !== undefined) deps.logger?.info(describeColdStart(coldStart));
    if (options.preflight ?? true)
      await untilAborted(preflight(session.probe.bind(session), target), signal, () => undefined);
    const running: Promise<{ run: StageRunResult; capacity?: CapacityResult }> = config.load.capacity
      ? runCapacitySearch({
          session,
          target,
          config,
          nowMs: systemClock.nowMs,
          onProbe: (probe, index) => deps.logger?.info(formatProbeLine(probe, index, config.load.capacity)),
        })
      : session
          .runStages(target, planStages(config.load), {
            profile: config.load,
            ...(config.startAtMs === undefined ? {} : { startAtMs: config.startAtMs }),
            ...(deps.progress
              ? { onProgress: deps.progress.show, progressEveryMs: deps.progress.everyMs }
              : {}),
          })
          .then((run) => ({ run }));
    const { run, capacity } = await untilAborted(running, signal, () => session.cancel()).finally(() =>
      deps.progress?.done(),
    );
    for (const warning of run.clientHealth.warnings) deps.logger?.warning(warning);
    const document = buildResultDocument({
      config,
      configRecord: options.configRecord ?? configRecord(config),
      scenario: options.scenarioFor(payloads.digest),
      run,
      runId,
      createdAt: new Date(clock.nowMs()).toISOString(),
      invoker,
      workers: session.workers,
      target: {
        endpointName,
        region: config.region,
        ...(config.endpoint.variant ? { variantName: config.endpoint.variant } : {}),
        ...(options.target?.instanceType ? { instanceType: options.target.instanceType } : {}),
        ...(options.target?.instanceCount ? { instanceCount: options.target.instanceCount } : {}),
        deployed: options.target?.deployed ?? false,
        ...(target.inferenceComponent === undefined && config.request.inferenceComponent === undefined
          ? {}
          : { inferenceComponent: target.inferenceComponent ?? config.request.inferenceComponent }),
      },
      ...(deps.source ? { source: deps.source } : {}),
    });
    if (capacity) {
      document.capacity = capacity;
      deps.logger?.info(capacity.message);
    }
    return coldStart === undefined ? document : { ...document, coldStart };
  } finally {
    await session.close();
  }
}

/** `work`, or a rejection with `signal.reason` as soon as the signal aborts (after `onAbort()`). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort();
      work.catch(() => undefined); // settles when the session closes; nobody waits for it any more
      reject(signal.reason);
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

async function preflight(probe: (target: LoadTarget) => Promise<Outcome>, target: LoadTarget): Promise<void> {
  const outcome = await probe(target);
  if (!FATAL_PROBE.has(outcome.outcome)) return;
  const what = `endpoint "${target.endpointName}" at ${target.endpointUrl}`;
  if (outcome.outcome === 'validation') {
    throw new UserInputError({
      field: 'endpoint.name',
      message: `SageMaker rejected a test request to ${what}: ${outcome.message ?? 'validation error'}`,
      fix: 'check the endpoint name, region and request settings',
    });
  }
  throw new InfrastructureError(`Could not invoke ${what}: ${outcome.message ?? outcome.outcome}`);
}

/** `slo.request` in µs for the recorders (undefined when not set). */
function requestSloUs(config: Pick<LoadSpec, 'slo'>): RequestSloUs | undefined {
  const slo = config.slo.request;
  if (!slo) return undefined;
  const us = (ms: number | undefined) => (ms === undefined ? undefined : ms * 1000);
  return { latencyUs: us(slo.latencyMs), ttftUs: us(slo.ttftMs), tpotUs: us(slo.tpotMs) };
}

function checkExpectations(config: Pick<LoadSpec, 'request'>): void {
  const checks = config.request.expect?.json ?? [];
  const issues = checks.flatMap((check, i) => {
    try {
      parseJsonPath(check.path);
      return [];
    } catch (error) {
      return [{ field: `request.expect.json[${i}].path`, message: (error as Error).message }];
    }
  });
  if (issues.length > 0) throw new UserInputError(issues, { title: 'Invalid response checks' });
}
