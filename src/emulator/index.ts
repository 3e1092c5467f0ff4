/**
 * The local SageMaker emulator, in process: `startEmulator(options)` starts the HTTP server that
 * speaks the SageMaker runtime and control-plane protocols (and whatever else `PROTOCOL_HANDLERS`
 * lists), and returns a handle with its URL, the environment that points AWS SDK clients at it, and
 * introspection for tests.
 */
import type { AddressInfo } from 'node:net';
import { memoryLogger, type Logger } from '../core/logger.js';
import { createScheduler, type SchedulerOptions } from './capacity/scheduler.js';
import { requestIdSource, type EmulatorContext } from './emulator-context.js';
import { FaultRegistry } from './faults/registry.js';
import { OutcomeRegistry, type OutcomeCounts } from './introspection/outcomes.js';
import { RequestLog, type RequestRecord } from './introspection/request-log.js';
import { MetricsStore } from './metrics/store.js';
import type { MetricsReader } from './metrics/types.js';
import type { ProtocolHandler } from './protocol-handler.js';
import { PROTOCOL_HANDLERS } from './protocol-handlers.js';
import { applyScenario, loadScenario, resolveSettings } from './scenario/load.js';
import type { ScenarioInput } from './scenario/schema.js';
import { createEmulatorServer } from './server.js';
import type { EmulatorSettings, LifecycleTiming } from './settings.js';
import { describeDeployment, type DeploymentView } from './introspection/deployment-view.js';
import { Lifecycle } from './state/lifecycle.js';
import { ResourceStore, type EndpointStatus } from './state/resources.js';
import { realTime } from './time.js';

export interface EmulatorOptions {
  /** TCP port; 0 (default) lets the OS pick a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** A scenario object or the path of a YAML/JSON scenario file. Default: the `demo` endpoint. */
  scenario?: string | ScenarioInput;
  /** Seed of every random draw (overrides the scenario's). Default: the scenario's, else 1. */
  seed?: number;
  /** Region in ARNs and the printed environment. Default: the scenario's, else `us-east-1`. */
  region?: string;
  /** Lifecycle timing overrides (ms), e.g. `{ createDelayMs: 200 }` for quick tests. */
  lifecycle?: Partial<LifecycleTiming>;
  /** How many recent requests `requests()` keeps. Default 100,000; 0 disables the log. */
  recordRequests?: number;
  /** Where the emulator reports handler failures. Default: kept in memory. */
  logger?: Logger;
  /** Scheduler precision settings (see capacity/scheduler.ts). */
  scheduler?: SchedulerOptions;
  /** Protocol handlers, in matching order. Default `PROTOCOL_HANDLERS`. */
  handlers?: readonly ProtocolHandler[];
}

/** A running emulator. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  settings: EmulatorSettings;
  /** Environment that points unmodified AWS SDK clients at this emulator (endpoints, region, dummy keys). */
  env: Record<string, string>;
  /** Stops the server, cancels pending work, closes connections. */
  close(): Promise<void>;
  /** Every resource that exists now (for "zero new resources" assertions). */
  resources(): {
    models: string[];
    endpointConfigs: string[];
    endpoints: { name: string; status: EndpointStatus }[];
  };
  /** Every inference component and its status (for "nothing left" assertions). */
  inferenceComponents(): { name: string; status: string }[];
  /** Outcome counts the emulator produced for one endpoint (copy). */
  outcomes(endpointName: string): OutcomeCounts;
  /** Outcome counts of every endpoint that answered. */
  allOutcomes(): Record<string, OutcomeCounts>;
  /** Recorded per-request timing, oldest first (bounded by `recordRequests`). */
  requests(endpointName?: string): RequestRecord[];
  /** Clears outcome counters and the request log. */
  resetRecords(): void;
  /** Live capacity view of an endpoint (status, variants, workers, predicted capacity). */
  endpoint(name: string): DeploymentView | undefined;
  /** Inject or clear faults at runtime. */
  faults: FaultRegistry;
  /** CloudWatch-style metric queries. */
  metrics: MetricsReader;
  /** The shared context (for protocol handlers under test). */
  context: EmulatorContext;
}

/** Starts an emulator. Rejects with a UserInputError for a bad scenario. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const scenario = await loadScenario(options.scenario);
  const settings = resolveSettings(scenario, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.lifecycle === undefined ? {} : { lifecycle: options.lifecycle }),
  });
  const states = new Map<string, unknown>();
  const scheduler = createScheduler(realTime.nowUs, options.scheduler);
  const metrics = new MetricsStore();
  const outcomes = new OutcomeRegistry();
  const requestLog = new RequestLog(options.recordRequests ?? 100_000);
  const faults = new FaultRegistry();
  const resources = new ResourceStore(settings.region, settings.accountId);
  const ctx: EmulatorContext = {
    settings,
    time: realTime,
    scheduler,
    resources,
    lifecycle: new Lifecycle(() => ctx),
    metrics,
    faults,
    outcomes,
    requestLog,
    logger: options.logger ?? memoryLogger(),
    nextRequestId: requestIdSource(settings.seed),
    handlerState<T>(key: string, create: () => T): T {
      if (!states.has(key)) states.set(key, create());
      return states.get(key) as T;
    },
  };
  applyScenario(ctx, scenario);
  const { server, close } = createEmulatorServer(ctx, options.handlers ?? PROTOCOL_HANDLERS);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed = false;
  return {
    url,
    port,
    settings,
    env: emulatorEnvironment(url, settings.region),
    context: ctx,
    faults,
    metrics,
    async close() {
      if (closed) return;
      closed = true;
      ctx.lifecycle.close();
      scheduler.close();
      await close();
      for (const state of states.values()) await closeState(state);
    },
    resources: () => resources.list(),
    inferenceComponents: () => resources.listComponents(),
    outcomes: (name) => outcomes.snapshot(name),
    allOutcomes: () => outcomes.all(),
    requests: (name) => requestLog.records(name),
    resetRecords() {
      outcomes.reset();
      requestLog.clear();
    },
    endpoint: (name) => describeDeployment(ctx, name),
  };
}

/** The variables that point the AWS SDK (and the CLI) at an emulator. */
function emulatorEnvironment(url: string, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SAGEMAKER: url,
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: url,
    AWS_ENDPOINT_URL_CLOUDWATCH: url,
    AWS_ENDPOINT_URL_S3: url,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'emulator',
    AWS_SECRET_ACCESS_KEY: 'emulator',
  };
}

async function closeState(state: unknown): Promise<void> {
  if (typeof state === 'object' && state !== null && 'close' in state && typeof state.close === 'function') {
    try {
      await (state.close as () => unknown)();
    } catch {
      // closing is best effort: the emulator is going away
    }
  }
}

export type { ScenarioInput } from './scenario/schema.js';
export type { OutcomeCounts, Outcome } from './introspection/outcomes.js';
export type { RequestRecord } from './introspection/request-log.js';
export type {
  MetricsQuery,
  MetricDatapoints,
  MetricsReader,
  EmulatorMetricName,
  MetricStat,
} from './metrics/types.js';
export type { ProtocolHandler } from './protocol-handler.js';
export type { EmulatorContext } from './emulator-context.js';
export type { DeploymentView } from './introspection/deployment-view.js';
export { FaultRegistry } from './faults/registry.js';
export type {
  InvocationFaultRates,
  ControlPlaneFaultRule,
  DeploymentFaultRule,
  DeletionFaultRule,
} from './faults/registry.js';
