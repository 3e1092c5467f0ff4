/** The messages between the engine and its generator worker threads (all plain, cloneable data). */
import type { AwsCredentialIdentity } from '@smithy/types';
import type { GeneratorJob, GeneratorReport, StageProgress } from '../generator/generator.js';
import type { InvocationSpec, InvokerKind } from '../invoke/invoker.js';

/** `workerData` of a generator worker. */
export interface WorkerBootData {
  readonly credentials: AwsCredentialIdentity;
}

export type ToWorker =
  | {
      readonly type: 'run';
      readonly runId: number;
      readonly job: GeneratorJob;
      readonly invocation: InvocationSpec;
      readonly invoker: InvokerKind;
      readonly maxConnections: number;
      readonly progressEveryMs: number;
    }
  | { readonly type: 'credentials'; readonly credentials: AwsCredentialIdentity }
  | { readonly type: 'cancel' }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'progress'; readonly runId: number; readonly progress: readonly StageProgress[] }
  | { readonly type: 'report'; readonly runId: number; readonly report: GeneratorReport }
  | { readonly type: 'failed'; readonly runId: number; readonly message: string }
  | { readonly type: 'ready' }
  | { readonly type: 'closed' };
