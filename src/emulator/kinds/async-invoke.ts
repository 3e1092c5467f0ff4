/**
 * InvokeEndpointAsync (`POST /endpoints/{name}/async-invocations`, 202): the input comes inline or
 * from the emulator's S3 (`X-Amzn-SageMaker-InputLocation`); the request waits in the endpoint's
 * backlog for one of MaxConcurrentInvocationsPerInstance slots, is processed with the variant's
 * service time, and its output (or failure) object appears in S3 when it is done — which is what a
 * client polls for. Backlog size, time in backlog, processing time and failures go to CloudWatch.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { finishThroughStalls, sampleLognormalUs } from '../capacity/service-time.js';
import type { PoolJob } from '../capacity/variant-pool.js';
import type { EmulatorContext } from '../emulator-context.js';
import { completeResponse } from '../model/generation.js';
import { accountRequest } from '../runtime/accounting.js';
import { writeRuntimeError } from '../runtime/errors.js';
import type { AcceptedRequest } from '../runtime/invoke.js';
import { planGeneration, planText } from '../runtime/work.js';
import { s3Objects } from '../s3/handler.js';
import { chooseVariant, refreshFaults, type DeployedVariant } from '../state/deployed.js';
import { parseS3Uri, s3Uri, type AsyncEndpointConfig } from './async-config.js';
import { recordAsyncDone, recordAsyncTransferFailure, recordBacklog } from './kind-metrics.js';

/** SageMaker's inline async payload limit, bytes. */
const MAX_ASYNC_INLINE_BYTES = 128_000;

const EXTENSION = /^[a-zA-Z0-9!_.*'()/-]{1,512}$/;
const FILENAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+)?$/;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Backlog (queued + in progress) per async endpoint: the arrival times of its requests. */
function backlog(ctx: EmulatorContext): Map<string, number[]> {
  return ctx.handlerState('async-backlog', () => new Map<string, number[]>());
}

/** Endpoints that took asynchronous requests (they publish no `Invocations`, even once deleted). */
export function asyncEndpointNames(ctx: EmulatorContext): ReadonlySet<string> {
  return new Set(backlog(ctx).keys());
}

function changeBacklog(
  ctx: EmulatorContext,
  endpoint: AcceptedRequest['endpoint'],
  change: 'arrived' | 'left',
  arrivalUs: number,
  nowUs: number,
): void {
  const arrivals = backlog(ctx).get(endpoint.name) ?? [];
  backlog(ctx).set(endpoint.name, arrivals);
  if (change === 'arrived') arrivals.push(arrivalUs);
  else {
    const at = arrivals.indexOf(arrivalUs);
    if (at >= 0) arrivals.splice(at, 1);
  }
  recordBacklog(ctx, endpoint.name, nowUs, {
    size: arrivals.length,
    instances: endpoint.variants.reduce((n, v) => n + v.instanceCount, 0),
    oldestArrivalUs: arrivals[0], // requests arrive in order
  });
}

/** Where one request's output and failure objects go. */
interface Destinations {
  output: { bucket: string; key: string; uri: string };
  failure: { bucket: string; key: string; uri: string };
}

function destinations(config: AsyncEndpointConfig, inferenceId: string, headers: IncomingHttpHeaders) {
  const extension = one(headers['x-amzn-sagemaker-s3outputpathextension']);
  const filename = one(headers['x-amzn-sagemaker-filename']);
  if (extension !== undefined && (!EXTENSION.test(extension) || /^(s3|https):/.test(extension)))
    return "S3OutputPathExtension must match [a-zA-Z0-9!_.*'()/-]+ and must not start with s3: or https:.";
  if (filename !== undefined && (filename.length > 32 || !FILENAME.test(filename)))
    return 'Filename must be 1-32 characters, start with a letter or digit and contain at most one dot.';
  const withExtension = (prefix: string) =>
    extension === undefined
      ? prefix
      : [prefix, extension.replace(/^\/+|\/+$/g, '')].filter(Boolean).join('/');
  const outputLocation = { bucket: config.output.bucket, prefix: withExtension(config.output.prefix) };
  const failureLocation = { bucket: config.failure.bucket, prefix: withExtension(config.failure.prefix) };
  const outputUri = s3Uri(outputLocation, filename ?? `${inferenceId}.out`);
  const failureUri = s3Uri(failureLocation, filename ?? `${inferenceId}-error.out`);
  const at = (uri: string) => {
    const parsed = parseS3Uri(uri) as { bucket: string; key: string };
    return { ...parsed, uri };
  };
  return { output: at(outputUri), failure: at(failureUri) } satisfies Destinations;
}

/** Answers InvokeEndpointAsync on an async endpoint: validates, queues the work, replies 202. */
export function acceptAsync(request: AcceptedRequest, headers: IncomingHttpHeaders): void {
  const { ctx, res, endpoint, body } = request;
  const config = endpoint.async as AsyncEndpointConfig;
  const inputLocation = one(headers['x-amzn-sagemaker-inputlocation']);
  const fail = (message: string) => {
    writeRuntimeError(res, 'ValidationError', message, request.requestId);
    accountRequest(ctx, request, endpoint, undefined, 'validationError', -1, 0);
  };
  if ((inputLocation === undefined) === (body.length === 0))
    return fail('Exactly one of InputLocation and Body must be provided.');
  if (body.length > MAX_ASYNC_INLINE_BYTES)
    return fail(
      `1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ASYNC_INLINE_BYTES}`,
    );
  const input = inputLocation === undefined ? undefined : parseS3Uri(inputLocation);
  if (inputLocation !== undefined && input === undefined)
    return fail(`InputLocation "${inputLocation}" must match ^(https|s3)://([^/]+)/?(.*)$.`);
  const inferenceId = one(headers['x-amzn-sagemaker-inference-id']) ?? request.requestId;
  if (inferenceId.length < 1 || inferenceId.length > 64) return fail('InferenceId must be 1-64 characters.');
  const where = destinations(config, inferenceId, headers);
  if (typeof where === 'string') return fail(where);
  const variant = chooseVariant(endpoint);
  request.variant = variant;
  refreshFaults(ctx, endpoint);
  const contentType = one(headers['x-amzn-sagemaker-content-type']) ?? 'application/octet-stream';
  const job = new AsyncJob(request, variant, input, where, contentType);
  changeBacklog(ctx, endpoint, 'arrived', request.arrivalUs, request.arrivalUs);
  variant.pool.submit(job, request.arrivalUs);
  const reply = Buffer.from(JSON.stringify({ InferenceId: inferenceId }));
  res.writeHead(202, [
    'Content-Type',
    'application/json',
    'x-amzn-RequestId',
    request.requestId,
    'X-Amzn-SageMaker-OutputLocation',
    where.output.uri,
    'X-Amzn-SageMaker-FailureLocation',
    where.failure.uri,
    'Content-Length',
    String(reply.length),
  ]);
  res.end(reply);
}

/** One queued or running asynchronous invocation. */
class AsyncJob implements PoolJob {
  readonly arrivalUs: number;
  startUs = 0;
  private endUs = 0;
  private serviceUs = -1;
  private result: { ok: true; body: Buffer; contentType: string } | { ok: false; message: string } = {
    ok: false,
    message: 'not processed',
  };

  constructor(
    private readonly request: AcceptedRequest,
    private readonly variant: DeployedVariant,
    private readonly input: { bucket: string; key: string } | undefined,
    private readonly where: Destinations,
    /** The echoed output's content type (the request's X-Amzn-SageMaker-Content-Type). */
    private readonly contentType: string,
  ) {
    this.arrivalUs = request.arrivalUs;
  }

  start(startUs: number): void {
    const { ctx, body } = this.request;
    const variant = this.variant;
    const payload =
      this.input === undefined ? body : s3Objects(ctx).get(this.input.bucket, this.input.key)?.body;
    if (payload === undefined) {
      recordAsyncTransferFailure(ctx, variant.endpointName, variant.name, startUs, 'RequestDownloadFailures');
      this.result = {
        ok: false,
        message: `ClientError: Could not download the input from s3://${this.input?.bucket ?? ''}/${this.input?.key ?? ''} (NoSuchKey).`,
      };
      this.endUs = startUs;
      ctx.scheduler.at(startUs, () => this.complete());
      return;
    }
    if (variant.model.response === 'generate') {
      const plan = planGeneration(variant, payload);
      this.serviceUs = plan.totalUs;
      const text = completeResponse(variant.model.streaming.format, planText(plan), plan.tokens, {
        modelName: variant.model.modelName,
        requestId: this.request.requestId,
        createdSec: Math.floor(ctx.time.wallMsAt(startUs) / 1000),
        inputTokens: plan.inputTokens,
        chat: plan.chat,
      });
      this.result = { ok: true, body: Buffer.from(text, 'utf8'), contentType: 'application/json' };
    } else {
      this.serviceUs = sampleLognormalUs(variant.serviceTime, variant.random);
      this.result = { ok: true, body: payload, contentType: this.contentType };
    }
    const endpoint = this.request.endpoint;
    if (
      endpoint.faultsActive &&
      endpoint.faults.modelError > 0 &&
      endpoint.random.next() < endpoint.faults.modelError
    )
      this.result = {
        ok: false,
        message: `ClientError: Received server error (${endpoint.faults.modelErrorStatus}) from model. Injected model error (emulator fault)`,
      };
    this.endUs =
      variant.stalls.length === 0
        ? startUs + this.serviceUs
        : finishThroughStalls(startUs, this.serviceUs, variant.stalls);
    ctx.scheduler.at(this.endUs, () => this.complete());
  }

  private complete(): void {
    const { ctx, endpoint } = this.request;
    const variant = this.variant;
    variant.pool.release(this, this.endUs);
    const nowUs = ctx.time.nowUs();
    const nowMs = ctx.time.wallMsAt(nowUs);
    const objects = s3Objects(ctx);
    changeBacklog(ctx, endpoint, 'left', this.arrivalUs, nowUs);
    // A deleted (or replaced) endpoint's queued and running requests are dropped, as on AWS: from
    // the moment its deletion starts, its instances write nothing more.
    const record = ctx.resources.endpoints.get(endpoint.name.toLowerCase());
    if (record?.deployed !== endpoint || record.status === 'Deleting') return;
    const target = this.result.ok ? this.where.output : this.where.failure;
    const content = this.result.ok ? this.result.body : Buffer.from(this.result.message, 'utf8');
    const contentType = this.result.ok ? this.result.contentType : 'text/plain';
    if (objects.hasBucket(target.bucket)) objects.put(target.bucket, target.key, content, contentType, nowMs);
    else recordAsyncTransferFailure(ctx, variant.endpointName, variant.name, nowUs, 'ResponseUploadFailures');
    recordAsyncDone(ctx, variant.endpointName, variant.name, nowUs, {
      ok: this.result.ok,
      totalMs: (nowUs - this.arrivalUs) / 1000,
      backlogUs: this.startUs - this.arrivalUs,
      modelLatencyUs: this.serviceUs,
    });
    accountRequest(
      ctx,
      this.request,
      endpoint,
      undefined,
      this.result.ok ? 'ok' : 'modelError',
      this.serviceUs,
      this.startUs - this.arrivalUs,
      -1,
      this.result.ok ? 0 : endpoint.faults.modelErrorStatus,
    );
  }
}
