/**
 * The engine's generators: one per worker thread (so one run uses every core), or a single one in
 * the engine's own thread (`inline`, for small runs and tests). Jobs go out, progress and reports
 * come back; a worker that dies fails the run with its error rather than hanging it.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import { Worker } from 'node:worker_threads';
import { errorMessage, InfrastructureError } from '../../core/errors.js';
import type { GeneratorJob, GeneratorReport, StageProgress } from '../generator/generator.js';
import type { InvocationSpec, InvokerKind } from '../invoke/invoker.js';
import { GeneratorHost } from './generator-host.js';
import type { FromWorker, ToWorker, WorkerBootData } from './messages.js';
import { workerLaunch } from './worker-launch.js';

export type ThreadMode = 'workers' | 'inline';

/** One run for every generator of the pool: job i goes to generator i. */
export interface PoolRun {
  readonly jobs: readonly GeneratorJob[];
  readonly invocation: InvocationSpec;
  readonly invoker: InvokerKind;
  readonly maxConnections: number;
  readonly progressEveryMs: number;
  readonly onProgress: (generator: number, progress: readonly StageProgress[]) => void;
}

export interface GeneratorPool {
  readonly size: number;
  readonly mode: ThreadMode;
  run(run: PoolRun): Promise<GeneratorReport[]>;
  setCredentials(credentials: AwsCredentialIdentity): void;
  cancel(): void;
  close(): Promise<void>;
}

/** Starts the generators; resolves once every worker thread is loaded and ready for a job. */
export async function startGeneratorPool(
  size: number,
  credentials: AwsCredentialIdentity,
  mode: ThreadMode,
): Promise<GeneratorPool> {
  if (mode === 'inline') return inlinePool(credentials);
  const pool = threadPool(size, credentials);
  try {
    await pool.ready;
  } catch (error) {
    await pool.close();
    throw error;
  }
  return pool;
}

function inlinePool(credentials: AwsCredentialIdentity): GeneratorPool {
  const host = new GeneratorHost(credentials);
  return {
    size: 1,
    mode: 'inline',
    run: async (run) => {
      const job = run.jobs[0];
      if (!job) return [];
      const report = await host.run(
        job,
        run.invocation,
        run.invoker,
        run.maxConnections,
        (p) => run.onProgress(0, p),
        run.progressEveryMs,
      );
      return [report];
    },
    setCredentials: (c) => host.setCredentials(c),
    cancel: () => host.cancel(),
    close: () => host.close(),
  };
}

function threadPool(
  size: number,
  credentials: AwsCredentialIdentity,
): GeneratorPool & { ready: Promise<void> } {
  const launch = workerLaunch();
  const boot: WorkerBootData = { credentials };
  const workers = Array.from(
    { length: size },
    () => new Worker(launch.script, { ...launch.options, workerData: boot }),
  );
  const ready = Promise.all(workers.map((worker, index) => whenReady(worker, index))).then(() => undefined);
  let nextRunId = 1;
  const post = (message: ToWorker) => workers.forEach((w) => w.postMessage(message));
  return {
    ready,
    size,
    mode: 'workers',
    run: (run) => {
      const runId = nextRunId++;
      return Promise.all(workers.map((worker, index) => runOn(worker, index, runId, run)));
    },
    setCredentials: (c) => post({ type: 'credentials', credentials: c }),
    cancel: () => post({ type: 'cancel' }),
    close: async () => {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 5000);
              worker.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              worker.on('message', (m: FromWorker) => {
                if (m.type === 'closed') void worker.terminate();
              });
              worker.postMessage({ type: 'close' } satisfies ToWorker);
            }),
        ),
      );
    },
  };
}

function whenReady(worker: Worker, index: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMessage = (message: FromWorker) => {
      if (message.type !== 'ready') return;
      worker.off('message', onMessage);
      worker.off('error', onError);
      resolve();
    };
    const onError = (error: unknown) => {
      worker.off('message', onMessage);
      reject(
        new InfrastructureError(`Load worker ${index + 1} failed to start: ${errorMessage(error)}`, {
          cause: error,
        }),
      );
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
}

function runOn(worker: Worker, index: number, runId: number, run: PoolRun): Promise<GeneratorReport> {
  const job = run.jobs[index];
  if (!job) return Promise.reject(new Error(`no job for generator ${index}`));
  return new Promise<GeneratorReport>((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: FromWorker) => {
      if (!('runId' in message) || message.runId !== runId) return;
      if (message.type === 'progress') run.onProgress(index, message.progress);
      else if (message.type === 'report') {
        cleanup();
        resolve(message.report);
      } else if (message.type === 'failed') {
        cleanup();
        reject(new InfrastructureError(`Load worker ${index + 1} failed: ${message.message}`));
      }
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(
        new InfrastructureError(`Load worker ${index + 1} crashed: ${errorMessage(error)}`, { cause: error }),
      );
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new InfrastructureError(`Load worker ${index + 1} exited (code ${code}) during the run`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({
      type: 'run',
      runId,
      job,
      invocation: run.invocation,
      invoker: run.invoker,
      maxConnections: run.maxConnections,
      progressEveryMs: run.progressEveryMs,
    } satisfies ToWorker);
  });
}
