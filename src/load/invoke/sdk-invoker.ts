/**
 * The reference invoker: the unmodified AWS SDK v3 `SageMakerRuntimeClient` with retries off
 * (`maxAttempts: 1`: a retried throttle hides both the error and its latency) and keep-alive
 * agents. Slower per call than the fast invoker, but by construction what the SDK does; the
 * differential test holds the two to identical classified outcomes.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import type { DeserializeMiddleware } from '@smithy/types';
import {
  InvokeEndpointCommand,
  InvokeEndpointWithResponseStreamCommand,
  SageMakerRuntimeClient,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-sagemaker-runtime';
import type { RequestBody } from '../payloads/request-bodies.js';
import { DeadlineSweeper } from './deadlines.js';
import { invokeOperation, runtimeErrorMessage } from './error-message.js';
import { compileExpectation, type ResponseChecker } from './expectations.js';
import type { InvocationSpec, Invoker, InvokerDeps } from './invoker.js';
import { classifyErrorResponse, classifyTransportError, type Outcome } from './outcome.js';
import type { TokenCounter } from '../tokens/token-counter.js';
import { observeCompleteResponse, readsGeneration, StreamObserver, tokenizerFor } from './stream-observer.js';

/**
 * Error responses' raw bodies, by response object. The SDK reports a body it cannot parse (a proxy's
 * HTML error page) as a JSON SyntaxError and has consumed the stream by then; the raw text lets the
 * message quote the page's title, as the fast invoker does. The response object becomes the
 * error's `$response`, so the entry is found again and dies with it.
 */
const ERROR_BODIES = new WeakMap<object, string>();

/** Middleware inside the SDK's deserializer: buffers an error response's body and puts it back. */
const keepErrorBodies: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
  (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: unknown; body?: unknown } | null;
    if (typeof response !== 'object' || response === null) return result;
    if (typeof response.statusCode !== 'number' || response.statusCode < 300) return result;
    if (!(response.body instanceof Readable)) return result;
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array));
    const bytes = Buffer.concat(chunks);
    ERROR_BODIES.set(response, bytes.toString('utf8', 0, Math.min(bytes.length, 64 * 1024)));
    response.body = Readable.from([bytes]);
    return result;
  };

/** Creates the SDK invoker for one endpoint. */
export function createSdkInvoker(spec: InvocationSpec, deps: InvokerDeps): Invoker {
  return new SdkInvoker(spec, deps);
}

interface ServiceErrorShape {
  name?: string;
  message?: string;
  OriginalStatusCode?: number;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; body?: unknown };
}

class SdkInvoker implements Invoker {
  private readonly client: SageMakerRuntimeClient;
  private readonly checker: ResponseChecker;
  private readonly tokenizer: TokenCounter | undefined;
  private readonly sweeper: DeadlineSweeper;
  private readonly agents: [HttpAgent, HttpsAgent];

  constructor(
    private readonly spec: InvocationSpec,
    private readonly deps: InvokerDeps,
  ) {
    const agentOptions = { keepAlive: true, maxSockets: deps.maxConnections };
    this.agents = [new HttpAgent(agentOptions), new HttpsAgent(agentOptions)];
    this.client = new SageMakerRuntimeClient({
      region: spec.region,
      endpoint: spec.endpointUrl,
      maxAttempts: 1,
      credentials: async () => deps.credentials(),
      requestHandler: { httpAgent: this.agents[0], httpsAgent: this.agents[1] },
    });
    this.checker = compileExpectation(spec.expect);
    this.tokenizer = tokenizerFor(spec);
    this.sweeper = new DeadlineSweeper(spec.timeoutMs, deps.monotonicUs);
    this.client.middlewareStack.add(keepErrorBodies, { step: 'deserialize', priority: 'low' });
  }

  async invoke(body: RequestBody): Promise<Outcome> {
    const abort = new AbortController();
    let timedOut = false;
    const pending = {
      deadlineUs: this.deps.monotonicUs() + this.spec.timeoutMs * 1000,
      cancel: () => {
        timedOut = true;
        abort.abort();
      },
    };
    this.sweeper.add(pending);
    const observer = this.spec.stream
      ? new StreamObserver(this.spec.streamFormat, this.tokenizer)
      : undefined;
    let statusCode = 0;
    let bytesReceived = 0;
    let streaming = false;
    try {
      if (observer) {
        const output = await this.client.send(
          new InvokeEndpointWithResponseStreamCommand(this.streamInput(body)),
          {
            abortSignal: abort.signal,
          },
        );
        statusCode = output.$metadata.httpStatusCode ?? 200;
        streaming = true;
        for await (const event of output.Body ?? []) {
          const bytes = event.PayloadPart?.Bytes;
          if (!bytes) continue;
          bytesReceived += bytes.byteLength;
          observer.part(bytes, this.deps.monotonicUs());
        }
        const endUs = this.deps.monotonicUs();
        observer.end(endUs);
        const stream = observer.observation();
        if (observer.inBandError !== undefined) {
          return this.outcome(
            'in_band_stream_error',
            statusCode,
            observer.inBandError,
            bytesReceived,
            endUs,
            stream,
          );
        }
        const failure = this.checker.check(statusCode, undefined, stream.tokenEvents);
        return this.outcome(
          failure ? 'expectation_failed' : 'ok',
          statusCode,
          failure,
          bytesReceived,
          endUs,
          stream,
        );
      }
      const output = await this.client.send(new InvokeEndpointCommand(this.input(body)), {
        abortSignal: abort.signal,
      });
      const endUs = this.deps.monotonicUs();
      statusCode = output.$metadata.httpStatusCode ?? 200;
      bytesReceived = output.Body?.byteLength ?? 0;
      const read =
        output.Body && readsGeneration(this.spec)
          ? observeCompleteResponse(output.Body, this.tokenizer)
          : undefined;
      if (read?.inBandError !== undefined) {
        const { inBandError, observation } = read;
        return this.outcome(
          'in_band_stream_error',
          statusCode,
          inBandError,
          bytesReceived,
          endUs,
          observation,
        );
      }
      const failure = this.checker.check(statusCode, output.Body);
      const outcome = failure ? 'expectation_failed' : 'ok';
      return this.outcome(outcome, statusCode, failure, bytesReceived, endUs, read?.observation);
    } catch (error) {
      const endUs = this.deps.monotonicUs();
      if (timedOut) {
        // Like the fast invoker: stream figures only once the stream itself began.
        const stream = streaming ? observer?.observation() : undefined;
        return this.outcome(
          'timeout',
          statusCode,
          `no response within ${this.spec.timeoutMs} ms`,
          bytesReceived,
          endUs,
          stream,
        );
      }
      return this.failure(error, statusCode, bytesReceived, endUs, observer, streaming);
    } finally {
      this.sweeper.remove(pending);
    }
  }

  async close(): Promise<void> {
    this.sweeper.cancelAll();
    this.client.destroy();
    for (const agent of this.agents) agent.destroy();
  }

  private failure(
    error: unknown,
    streamStatus: number,
    bytesReceived: number,
    endUs: number,
    observer: StreamObserver | undefined,
    streamBegan: boolean,
  ): Outcome {
    const shape = (typeof error === 'object' && error !== null ? error : {}) as ServiceErrorShape;
    const status = shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
    const name = shape.name;
    const detail = shape.message ?? String(error);
    if (observer && (name === 'ModelStreamError' || name === 'InternalStreamFailure')) {
      // The stream began (HTTP 200) and then failed — even when the SDK raises it from `send()`
      // because the failure was the very first event.
      const began = streamStatus || 200;
      return this.outcome(
        'stream_error',
        began,
        `${name}: ${detail}`,
        bytesReceived,
        endUs,
        observer.observation(),
      );
    }
    const stream = streamBegan ? observer?.observation() : undefined;
    if (status !== undefined && name !== undefined && status >= 300) {
      const modeled = name === 'Unknown' || name === 'Error' || name === 'SyntaxError' ? undefined : name;
      const body = shape.$response ? ERROR_BODIES.get(shape.$response) : undefined;
      return {
        outcome: classifyErrorResponse(modeled, status, detail),
        statusCode: status,
        message: runtimeErrorMessage({
          operation: invokeOperation(this.spec.stream),
          endpointName: this.spec.endpointName,
          statusCode: status,
          errorName: modeled,
          detail: typeof body === 'string' && modeled === undefined ? body : detail,
        }),
        originalStatus: typeof shape.OriginalStatusCode === 'number' ? shape.OriginalStatusCode : undefined,
        bytesReceived,
        endUs,
        stream,
      };
    }
    const transport = runtimeErrorMessage({
      operation: invokeOperation(this.spec.stream),
      endpointName: this.spec.endpointName,
      statusCode: status,
      errorName: undefined,
      detail,
    });
    return this.outcome(classifyTransportError(error), streamStatus, transport, bytesReceived, endUs, stream);
  }

  private outcome(
    outcome: Outcome['outcome'],
    statusCode: number,
    message: string | undefined,
    bytesReceived: number,
    endUs: number,
    stream?: Outcome['stream'],
  ): Outcome {
    return { outcome, statusCode, message, originalStatus: undefined, bytesReceived, endUs, stream };
  }

  private input(body: RequestBody) {
    const { spec } = this;
    return {
      EndpointName: spec.endpointName,
      Body: body.bytes,
      ContentType: spec.contentType,
      Accept: spec.accept,
      CustomAttributes: spec.customAttributes,
      TargetModel: body.targetModel,
      TargetVariant: spec.targetVariant,
      TargetContainerHostname: spec.targetContainer,
      InferenceComponentName: spec.inferenceComponent,
    };
  }

  private streamInput(body: RequestBody) {
    const { TargetModel: _ignored, ...input } = this.input(body);
    return input;
  }
}
