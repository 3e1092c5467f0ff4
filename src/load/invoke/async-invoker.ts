/**
 * The asynchronous invoker: each request body is uploaded to S3 once (keyed by its sha256, reused by
 * every later request with the same bytes), then `InvokeEndpointAsync` submits its location and the
 * invoker polls the output and failure objects (HeadObject) until one exists. Latency is submission
 * → output available, as a user of an async endpoint experiences it; a failure object is a model
 * error, no object before the timeout is a timeout. Polls back off from `pollMinMs` to `pollMaxMs`,
 * so a long-running request costs a bounded number of HeadObject calls.
 *
 * Everything a run puts in the user's bucket sits under its run prefix: inputs under
 * `<input-path>/<run prefix>/`, outputs and failures under `<output-path>/<run prefix>/` (sent as
 * `S3OutputPathExtension`; a failure object is also deleted by the location SageMaker returned).
 * On close — a finished run or a cancelled one — the invoker stops polling, waits (bounded) for the
 * submissions still on the wire so every location is known, and deletes its inputs, the outputs and
 * failures that exist, and whatever else is under its prefixes. An output the endpoint writes later
 * (a request still queued when a run is cancelled) is the lifecycle's to delete once the endpoint is
 * gone (src/endpoint/async-objects.ts).
 */
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { InvokeEndpointAsyncCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { randomUUID } from 'node:crypto';
import type { RequestBody } from '../payloads/request-bodies.js';
import type { InvocationSpec, Invoker, InvokerDeps } from './invoker.js';
import { classifyErrorResponse, classifyTransportError, type Outcome } from './outcome.js';

/** Where inputs go and how completion is polled (plain data: crosses to worker threads). */
export interface AsyncInvocationSpec {
  /** S3 base URL override (`AWS_ENDPOINT_URL_S3`), path-style when set. */
  readonly s3EndpointUrl: string | undefined;
  /** `s3://bucket/prefix` under which inputs are uploaded. */
  readonly inputPath: string;
  /** First poll interval. Default 50 ms. */
  readonly pollMinMs: number;
  /** Longest poll interval. Default 1 s. */
  readonly pollMaxMs: number;
  /** This run's prefix under the input and output paths: distinguishes its objects from other runs'. */
  readonly runNonce: string;
  /** How long close waits for submissions still on the wire. Default 2 s. */
  readonly closeWaitMs?: number;
}

/** Submissions still on the wire are waited for this long on close (their locations are needed). */
const DEFAULT_CLOSE_WAIT_MS = 2000;

interface Location {
  bucket: string;
  key: string;
}

function parseS3(uri: string | undefined): Location | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri ?? '');
  return match ? { bucket: match[1] as string, key: match[2] as string } : undefined;
}

/** Creates the async invoker for one endpoint; `spec.async` must be set. */
export function createAsyncInvoker(spec: InvocationSpec, deps: InvokerDeps): Invoker {
  return new AsyncInvoker(spec, deps);
}

class AsyncInvoker implements Invoker {
  private readonly runtime: SageMakerRuntimeClient;
  private readonly s3: S3Client;
  private readonly async: AsyncInvocationSpec;
  private readonly input: Location;
  /** Uploads by body hash: each distinct payload goes to S3 once. */
  private readonly uploads = new Map<string, Promise<string>>();
  /** Output and failure objects this run produced (deleted on close). */
  private readonly produced: Location[] = [];
  /** InvokeEndpointAsync calls on the wire (waited for on close: they may create an output). */
  private readonly submitting = new Set<Promise<unknown>>();
  private closed = false;
  private readonly prefix: string;

  constructor(
    private readonly spec: InvocationSpec,
    private readonly deps: InvokerDeps,
  ) {
    if (spec.async === undefined) throw new Error('createAsyncInvoker needs spec.async');
    this.async = spec.async;
    const input = parseS3(`${spec.async.inputPath.replace(/\/+$/, '')}/x`);
    if (input === undefined) throw new Error(`async input path is not an s3:// URI: ${spec.async.inputPath}`);
    this.input = { bucket: input.bucket, key: input.key.slice(0, -1).replace(/\/+$/, '') };
    // Each invoker (the preflight probe's, each generator thread's) owns its uploads.
    this.prefix = `${spec.async.runNonce}/${randomUUID().slice(0, 8)}`;
    const credentials = async () => deps.credentials();
    this.runtime = new SageMakerRuntimeClient({
      region: spec.region,
      endpoint: spec.endpointUrl,
      maxAttempts: 1,
      credentials,
    });
    this.s3 = new S3Client({
      region: spec.region,
      maxAttempts: 3,
      credentials,
      ...(spec.async.s3EndpointUrl ? { endpoint: spec.async.s3EndpointUrl, forcePathStyle: true } : {}),
    });
  }

  async invoke(body: RequestBody): Promise<Outcome> {
    let inputUri: string;
    try {
      inputUri = await this.upload(body);
    } catch (error) {
      return this.failed(error, `could not upload the input to ${this.spec.async?.inputPath ?? ''}`);
    }
    const startUs = this.deps.monotonicUs();
    const deadlineUs = startUs + this.spec.timeoutMs * 1000;
    let output: Location | undefined;
    let failure: Location | undefined;
    if (this.closed) return this.outcome('network', 0, 'the invoker was closed', 0);
    try {
      const sending = this.runtime.send(
        new InvokeEndpointAsyncCommand({
          EndpointName: this.spec.endpointName,
          InputLocation: inputUri,
          ContentType: this.spec.contentType,
          Accept: this.spec.accept,
          CustomAttributes: this.spec.customAttributes,
          // Outputs and failures land under the run's prefix, where cleanup finds them.
          S3OutputPathExtension: this.prefix,
        }),
      );
      this.submitting.add(sending);
      const submitted = await sending.finally(() => this.submitting.delete(sending));
      output = parseS3(submitted.OutputLocation);
      failure = parseS3(submitted.FailureLocation);
      // Deleted on close even when the invoker stops polling first (a cancelled run).
      for (const location of [output, failure]) if (location !== undefined) this.produced.push(location);
    } catch (error) {
      return this.failed(error, 'InvokeEndpointAsync failed');
    }
    if (output === undefined) return this.outcome('other', 202, 'no OutputLocation in the answer', 0);
    return this.awaitResult(output, failure, deadlineUs);
  }

  /** Polls the output and failure objects with backoff until one exists or the deadline passes. */
  private async awaitResult(
    output: Location,
    failure: Location | undefined,
    deadlineUs: number,
  ): Promise<Outcome> {
    let intervalMs = this.async.pollMinMs;
    while (!this.closed) {
      const done = await this.exists(output);
      if (done !== undefined) {
        return this.outcome('ok', 200, undefined, done);
      }
      if (failure !== undefined) {
        const failed = await this.exists(failure);
        if (failed !== undefined) {
          return this.outcome(
            'model_error',
            200,
            `failure object s3://${failure.bucket}/${failure.key}`,
            failed,
          );
        }
      }
      const leftMs = (deadlineUs - this.deps.monotonicUs()) / 1000;
      if (leftMs <= 0) return this.outcome('timeout', 202, `no output within ${this.spec.timeoutMs} ms`, 0);
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, leftMs)));
      intervalMs = Math.min(this.async.pollMaxMs, intervalMs * 2);
    }
    return this.outcome('network', 0, 'the invoker was closed', 0);
  }

  /** Content length when the object exists, undefined when it does not (yet). */
  private async exists(location: Location): Promise<number | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  private upload(body: RequestBody): Promise<string> {
    let pending = this.uploads.get(body.sha256Hex);
    if (pending === undefined) {
      const key = `${this.input.key === '' ? '' : `${this.input.key}/`}${this.prefix}/${body.sha256Hex}`;
      pending = this.s3
        .send(
          new PutObjectCommand({
            Bucket: this.input.bucket,
            Key: key,
            Body: body.bytes,
            ContentType: this.spec.contentType,
          }),
        )
        .then(() => `s3://${this.input.bucket}/${key}`);
      pending.catch(() => this.uploads.delete(body.sha256Hex)); // a failed upload is retried next time
      this.uploads.set(body.sha256Hex, pending);
    }
    return pending;
  }

  private failed(error: unknown, what: string): Outcome {
    const shape = (typeof error === 'object' && error !== null ? error : {}) as {
      name?: string;
      message?: string;
      $metadata?: { httpStatusCode?: number };
    };
    const status = shape.$metadata?.httpStatusCode;
    const detail = `${what}: ${shape.name ?? 'Error'}: ${shape.message ?? String(error)}`;
    if (status !== undefined && shape.name !== undefined && status >= 300)
      return this.outcome(classifyErrorResponse(shape.name, status, detail), status, detail, 0);
    return this.outcome(classifyTransportError(error), 0, detail, 0);
  }

  private outcome(
    outcome: Outcome['outcome'],
    statusCode: number,
    message: string | undefined,
    bytes: number,
  ): Outcome {
    return {
      outcome,
      statusCode,
      message,
      originalStatus: undefined,
      bytesReceived: bytes,
      endUs: this.deps.monotonicUs(),
      stream: undefined,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    // Submissions on the wire may have been accepted: their output locations are needed below.
    const waitMs = this.async.closeWaitMs ?? DEFAULT_CLOSE_WAIT_MS;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.submitting, ...this.uploads.values()]),
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
    const inputs = await Promise.allSettled([...this.uploads.values()]);
    const known = [
      ...this.produced,
      ...inputs
        .flatMap((r) => (r.status === 'fulfilled' ? [parseS3(r.value)] : []))
        .filter((l) => l !== undefined),
    ];
    const listed = await Promise.allSettled(this.ownPrefixes().map((p) => this.list(p)));
    const objects = new Map<string, Location>();
    for (const o of [...known, ...listed.flatMap((r) => (r.status === 'fulfilled' ? r.value : []))])
      objects.set(`${o.bucket}/${o.key}`, o);
    await Promise.allSettled(
      [...objects.values()].map((o) =>
        this.s3.send(new DeleteObjectCommand({ Bucket: o.bucket, Key: o.key })),
      ),
    );
    this.runtime.destroy();
    this.s3.destroy();
  }

  /** The prefixes only this invoker writes under: its inputs, and the outputs of its submissions. */
  private ownPrefixes(): Location[] {
    const inputs = {
      bucket: this.input.bucket,
      key: `${this.input.key === '' ? '' : `${this.input.key}/`}${this.prefix}/`,
    };
    // The output path is the endpoint's: the locations its answers returned show where it is.
    const mine = `${this.prefix}/`;
    const outputs = this.produced.flatMap((o) => {
      const at = o.key.indexOf(mine);
      return at === 0 || (at > 0 && o.key[at - 1] === '/')
        ? [{ bucket: o.bucket, key: o.key.slice(0, at + mine.length) }]
        : [];
    });
    const unique = new Map([inputs, ...outputs].map((p) => [`${p.bucket}/${p.key}`, p]));
    return [...unique.values()];
  }

  /** Every object under `prefix` (a bounded number of pages). */
  private async list(prefix: Location): Promise<Location[]> {
    const found: Location[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page++) {
      const out = await this.s3.send(
        new ListObjectsV2Command({ Bucket: prefix.bucket, Prefix: prefix.key, ContinuationToken: token }),
      );
      for (const o of out.Contents ?? []) if (o.Key) found.push({ bucket: prefix.bucket, key: o.Key });
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
      if (token === undefined) break;
    }
    return found;
  }
}
