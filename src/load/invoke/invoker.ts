/**
 * The invoker contract: send one request body to one endpoint and report how it ended. Two
 * implementations: `fast` (pooled undici + cached-key SigV4, the hot path) and `sdk` (the unmodified
 * `SageMakerRuntimeClient`, the reference). Both classify outcomes through `outcome.ts`.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import type { LlmFormat } from '../../config/llm-schema.js';
import type { ResponseExpectation, StreamFormat } from '../../config/request-schema.js';
import type { RequestBody } from '../payloads/request-bodies.js';
import type { AsyncInvocationSpec } from './async-invoker.js';
import type { Outcome } from './outcome.js';

export const INVOKER_KINDS = ['fast', 'sdk'] as const;
export type InvokerKind = (typeof INVOKER_KINDS)[number];

/** Everything about how requests are sent to one endpoint. Plain data (crosses to worker threads). */
export interface InvocationSpec {
  /** SageMaker Runtime base URL (see `resolveRuntimeUrl`). */
  readonly endpointUrl: string;
  readonly endpointName: string;
  readonly region: string;
  readonly contentType: string;
  /** Accept (X-Amzn-SageMaker-Accept when streaming). */
  readonly accept: string;
  readonly customAttributes: string | undefined;
  readonly targetVariant: string | undefined;
  readonly targetContainer: string | undefined;
  readonly inferenceComponent: string | undefined;
  readonly stream: boolean;
  readonly streamFormat: StreamFormat;
  /** `request.format`: other than `raw`, whole responses are read for their tokens too. */
  readonly llmFormat?: LlmFormat | undefined;
  /** Absolute path of the tokenizer.json counting tokens when a response has no usage. */
  readonly tokenizerPath?: string | undefined;
  readonly timeoutMs: number;
  readonly expect: ResponseExpectation | undefined;
  /** Asynchronous endpoints: where inputs go and how completion is polled (InvokeEndpointAsync). */
  readonly async?: AsyncInvocationSpec | undefined;
}

/** What an invoker needs from its surroundings. */
export interface InvokerDeps {
  /** Monotonic microseconds (shared by all threads of the process). */
  readonly monotonicUs: () => number;
  /** Wall clock ms (for SigV4 dates). */
  readonly nowMs: () => number;
  /** Current credentials (kept fresh by the caller). */
  readonly credentials: () => AwsCredentialIdentity;
  /** Most connections to keep open. */
  readonly maxConnections: number;
}

export interface Invoker {
  /** Sends one request; never rejects (every failure is an `Outcome`). */
  invoke(body: RequestBody): Promise<Outcome>;
  /** Closes connections; in-flight requests end as failures. */
  close(): Promise<void>;
}
