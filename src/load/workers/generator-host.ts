/**
 * Runs generators for the engine inside one thread: keeps one invoker per endpoint settings
 * (connections stay warm across runs, e.g. the blocks of paired mode), the current credentials,
 * and a cancel switch. Used by worker threads and, for in-process runs, by the engine itself.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import { systemClock } from '../../core/clock.js';
import {
  runGenerator,
  type GeneratorJob,
  type GeneratorReport,
  type StageProgress,
} from '../generator/generator.js';
import { createInvoker } from '../invoke/create-invoker.js';
import type { InvocationSpec, Invoker, InvokerKind } from '../invoke/invoker.js';

export class GeneratorHost {
  private readonly invokers = new Map<string, Invoker>();
  private credentials: AwsCredentialIdentity;
  private abort = new AbortController();

  constructor(credentials: AwsCredentialIdentity) {
    this.credentials = credentials;
  }

  setCredentials(credentials: AwsCredentialIdentity): void {
    this.credentials = credentials;
  }

  /** Stops starting requests in the current run (in-flight ones complete). */
  cancel(): void {
    this.abort.abort();
  }

  async run(
    job: GeneratorJob,
    invocation: InvocationSpec,
    kind: InvokerKind,
    maxConnections: number,
    onProgress: (progress: readonly StageProgress[]) => void,
    progressEveryMs: number,
  ): Promise<GeneratorReport> {
    if (this.abort.signal.aborted) this.abort = new AbortController();
    const invoker = this.invoker(invocation, kind, maxConnections);
    return runGenerator(job, invoker, {
      monotonicUs: systemClock.monotonicUs,
      nowMs: systemClock.nowMs,
      signal: this.abort.signal,
      onProgress,
      progressEveryMs,
    });
  }

  async close(): Promise<void> {
    this.abort.abort(); // a run still going stops starting requests on closed connections
    const invokers = [...this.invokers.values()];
    this.invokers.clear();
    await Promise.all(invokers.map((i) => i.close()));
  }

  private invoker(invocation: InvocationSpec, kind: InvokerKind, maxConnections: number): Invoker {
    const key = JSON.stringify([kind, maxConnections, invocation]);
    let invoker = this.invokers.get(key);
    if (!invoker) {
      invoker = createInvoker(kind, invocation, {
        monotonicUs: systemClock.monotonicUs,
        nowMs: systemClock.nowMs,
        credentials: () => this.credentials,
        maxConnections,
      });
      this.invokers.set(key, invoker);
    }
    return invoker;
  }
}
