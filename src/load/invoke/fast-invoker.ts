/**
 * The hot-path invoker: a keep-alive `undici` Pool, raw dispatch handlers (no stream objects per
 * request), cached-key SigV4, the payload hash computed once per body. Responses are read as they
 * arrive: error bodies parsed for the modeled error, event streams decoded frame by frame.
 */
import { Pool, type Dispatcher } from 'undici';
import type { RequestBody } from '../payloads/request-bodies.js';
import { DeadlineSweeper, type Cancellable } from './deadlines.js';
import { invocationPath } from './endpoint-url.js';
import { invokeOperation, runtimeErrorMessage } from './error-message.js';
import { EventStreamFramer } from './event-stream-frames.js';
import { compileExpectation, type ResponseChecker } from './expectations.js';
import type { InvocationSpec, Invoker, InvokerDeps } from './invoker.js';
import {
  classifyErrorResponse,
  classifyTransportError,
  errorNameOf,
  parseErrorBody,
  type Outcome,
} from './outcome.js';
import { CachedKeySigner, canonicalUri } from './sigv4-signer.js';
import type { TokenCounter } from '../tokens/token-counter.js';
import { observeCompleteResponse, readsGeneration, StreamObserver, tokenizerFor } from './stream-observer.js';

class TimeoutAbort extends Error {
  override readonly name = 'TimeoutError';
}

/** Creates the fast invoker for one endpoint. */
export function createFastInvoker(spec: InvocationSpec, deps: InvokerDeps): Invoker {
  return new FastInvoker(spec, deps);
}

class FastInvoker implements Invoker {
  readonly pool: Pool;
  readonly signer: CachedKeySigner;
  readonly path: string;
  readonly canonicalPath: string;
  readonly host: string;
  readonly baseHeaders: Readonly<Record<string, string>>;
  readonly checker: ResponseChecker;
  readonly sweeper: DeadlineSweeper;
  readonly tokenizer: TokenCounter | undefined;
  readonly readsGeneration: boolean;

  constructor(
    readonly spec: InvocationSpec,
    readonly deps: InvokerDeps,
  ) {
    const url = new URL(spec.endpointUrl);
    this.pool = new Pool(url.origin, {
      connections: deps.maxConnections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.signer = new CachedKeySigner(spec.region, 'sagemaker', deps.credentials);
    this.path = `${url.pathname.replace(/\/+$/, '')}${invocationPath(spec.endpointName, spec.stream)}`;
    this.canonicalPath = canonicalUri(this.path);
    this.host = url.host;
    this.baseHeaders = baseHeaders(spec, url.host);
    this.checker = compileExpectation(spec.expect);
    this.sweeper = new DeadlineSweeper(spec.timeoutMs, deps.monotonicUs);
    this.tokenizer = tokenizerFor(spec);
    this.readsGeneration = readsGeneration(spec);
  }

  invoke(body: RequestBody): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const headers: Record<string, string> = { ...this.baseHeaders };
      if (body.targetModel !== undefined && !this.spec.stream)
        headers['x-amzn-sagemaker-target-model'] = body.targetModel;
      this.signer.sign('POST', this.canonicalPath, headers, body.sha256Hex, this.deps.nowMs());
      const handler = new ResponseHandler(this, resolve);
      this.sweeper.add(handler);
      try {
        this.pool.dispatch({ path: this.path, method: 'POST', headers, body: body.bytes as Buffer }, handler);
      } catch (error) {
        handler.onResponseError(undefined, error as Error);
      }
    });
  }

  async close(): Promise<void> {
    this.sweeper.cancelAll();
    await this.pool.close();
  }
}

function baseHeaders(spec: InvocationSpec, host: string): Record<string, string> {
  const headers: Record<string, string> = { host, 'content-type': spec.contentType };
  headers[spec.stream ? 'x-amzn-sagemaker-accept' : 'accept'] = spec.accept;
  if (spec.customAttributes !== undefined)
    headers['x-amzn-sagemaker-custom-attributes'] = spec.customAttributes;
  if (spec.targetVariant !== undefined) headers['x-amzn-sagemaker-target-variant'] = spec.targetVariant;
  if (spec.targetContainer !== undefined)
    headers['x-amzn-sagemaker-target-container-hostname'] = spec.targetContainer;
  if (spec.inferenceComponent !== undefined)
    headers['x-amzn-sagemaker-inference-component'] = spec.inferenceComponent;
  return headers;
}

/** One request's response, read through undici's dispatch callbacks. */
class ResponseHandler implements Dispatcher.DispatchHandler, Cancellable {
  readonly deadlineUs: number;
  private controller: Dispatcher.DispatchController | undefined;
  private statusCode = 0;
  private errorName: string | undefined;
  private bytesReceived = 0;
  private chunks: Buffer[] | undefined;
  private framer: EventStreamFramer | undefined;
  private observer: StreamObserver | undefined;
  private streamError: { name: string; message: string } | undefined;
  private settled = false;
  private timedOut = false;

  constructor(
    private readonly invoker: FastInvoker,
    private readonly resolve: (outcome: Outcome) => void,
  ) {
    this.deadlineUs = invoker.deps.monotonicUs() + invoker.spec.timeoutMs * 1000;
  }

  cancel(): void {
    this.timedOut = true;
    if (this.controller)
      this.controller.abort(new TimeoutAbort(`no response within ${this.invoker.spec.timeoutMs} ms`));
    else this.finish({ outcome: 'timeout', message: `no response within ${this.invoker.spec.timeoutMs} ms` });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.timedOut)
      controller.abort(new TimeoutAbort(`no response within ${this.invoker.spec.timeoutMs} ms`));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.statusCode = statusCode;
    const ok = statusCode >= 200 && statusCode < 300;
    if (!ok) {
      const raw = headers['x-amzn-errortype'];
      this.errorName = errorNameOf(Array.isArray(raw) ? raw[0] : raw);
      this.chunks = [];
    } else if (this.invoker.spec.stream) {
      this.framer = new EventStreamFramer();
      this.observer = new StreamObserver(this.invoker.spec.streamFormat, this.invoker.tokenizer);
    } else if (this.invoker.checker.needsBody || this.invoker.readsGeneration) {
      this.chunks = [];
    }
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytesReceived += chunk.byteLength;
    if (this.chunks) this.chunks.push(chunk);
    if (!this.framer || !this.observer || this.streamError) return;
    const now = this.invoker.deps.monotonicUs();
    try {
      for (const event of this.framer.push(chunk)) {
        if (event.kind === 'part') this.observer.part(event.bytes, now);
        else if (event.kind === 'error') {
          this.streamError = { name: event.name, message: event.message };
          break;
        }
      }
    } catch (error) {
      this.streamError = { name: 'StreamBroken', message: (error as Error).message };
    }
  }

  onResponseEnd(): void {
    const { statusCode } = this;
    const endUs = this.invoker.deps.monotonicUs();
    if (statusCode < 200 || statusCode >= 300) {
      const text = Buffer.concat(this.chunks ?? []).toString('utf8');
      const { message, originalStatus } = parseErrorBody(text);
      const detail = message ?? `HTTP ${statusCode}`;
      this.finish({
        outcome: classifyErrorResponse(this.errorName, statusCode, detail),
        message: runtimeErrorMessage({
          operation: invokeOperation(this.invoker.spec.stream),
          endpointName: this.invoker.spec.endpointName,
          statusCode,
          errorName: this.errorName,
          detail: message,
        }),
        originalStatus,
        endUs,
      });
      return;
    }
    if (this.observer) {
      if (!this.streamError && this.framer && this.framer.leftoverBytes > 0) {
        this.streamError = { name: 'StreamBroken', message: 'the event stream ended inside a message' };
      }
      if (!this.streamError) this.observer.end(endUs);
      const stream = this.observer.observation();
      if (this.streamError) {
        this.finish({
          outcome: 'stream_error',
          message: `${this.streamError.name}: ${this.streamError.message}`,
          endUs,
          stream,
        });
      } else if (this.observer.inBandError !== undefined) {
        this.finish({ outcome: 'in_band_stream_error', message: this.observer.inBandError, endUs, stream });
      } else {
        const failure = this.invoker.checker.check(statusCode, undefined, stream.tokenEvents);
        this.finish({ outcome: failure ? 'expectation_failed' : 'ok', message: failure, endUs, stream });
      }
      return;
    }
    const body = this.chunks ? Buffer.concat(this.chunks) : undefined;
    if (body && this.invoker.readsGeneration) {
      const read = observeCompleteResponse(body, this.invoker.tokenizer);
      if (read.inBandError !== undefined) {
        const stream = read.observation;
        this.finish({ outcome: 'in_band_stream_error', message: read.inBandError, endUs, stream });
        return;
      }
      const failure = this.invoker.checker.check(statusCode, body);
      const outcome = failure ? 'expectation_failed' : 'ok';
      this.finish({ outcome, message: failure, endUs, stream: read.observation });
      return;
    }
    const failure = this.invoker.checker.check(statusCode, body);
    this.finish({ outcome: failure ? 'expectation_failed' : 'ok', message: failure, endUs });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    const timedOut = this.timedOut || error instanceof TimeoutAbort;
    const outcome = timedOut ? 'timeout' : classifyTransportError(error);
    const detail = error.message || error.name;
    this.finish({
      outcome,
      message: timedOut
        ? detail
        : runtimeErrorMessage({
            operation: invokeOperation(this.invoker.spec.stream),
            endpointName: this.invoker.spec.endpointName,
            statusCode: this.statusCode || undefined,
            errorName: undefined,
            detail,
          }),
    });
  }

  private finish(result: Partial<Outcome> & Pick<Outcome, 'outcome'>): void {
    if (this.settled) return;
    this.settled = true;
    this.invoker.sweeper.remove(this);
    this.resolve({
      outcome: result.outcome,
      statusCode: this.statusCode,
      message: result.message,
      originalStatus: result.originalStatus,
      bytesReceived: this.bytesReceived,
      endUs: result.endUs ?? this.invoker.deps.monotonicUs(),
      stream: result.stream ?? this.observer?.observation(),
    });
  }
}
