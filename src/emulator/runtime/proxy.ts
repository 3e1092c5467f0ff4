/**
 * Runtime calls on a variant backed by a real container: forward to its `/invocations`, map a
 * non-2xx answer to ModelError with the original status, and turn a streamed answer into
 * PayloadPart events. The container is the capacity here; the emulator adds no modelled time.
 */
import { errorMessage } from '../../core/errors.js';
import { invokeContainer, type ContainerResponse } from '../container/client.js';
import { accountRequest } from './accounting.js';
import { modelErrorMembers, writeRuntimeError } from './errors.js';
import { exceptionFrame, payloadPartFrame } from './event-stream.js';
import type { AcceptedRequest } from './invoke.js';

const MAX_ORIGINAL_MESSAGE = 1024;

/** Forwards one accepted request to its variant's container. */
export function proxyInvocation(request: AcceptedRequest): void {
  forward(request).catch((error: unknown) => {
    request.ctx.logger.warning(`emulator: container proxy failed: ${errorMessage(error)}`);
    if (request.res.headersSent) request.res.destroy();
    else
      writeRuntimeError(
        request.res,
        'InternalFailure',
        'The emulator failed to reach the container.',
        request.requestId,
      );
  });
}

async function forward(request: AcceptedRequest): Promise<void> {
  const { ctx, variant, headers } = request;
  const url = variant.model.proxyUrl as string;
  const forwarded: Record<string, string> = { 'Content-Type': headers.contentType };
  if (headers.accept !== undefined) forwarded.Accept = headers.accept;
  if (headers.customAttributes !== undefined)
    forwarded['X-Amzn-SageMaker-Custom-Attributes'] = headers.customAttributes;
  if (headers.targetModel !== undefined) forwarded['X-Amzn-SageMaker-Target-Model'] = headers.targetModel;
  if (headers.inferenceId !== undefined) forwarded['X-Amzn-SageMaker-Inference-Id'] = headers.inferenceId;
  const sentUs = ctx.time.nowUs();
  let response: ContainerResponse;
  try {
    response = await invokeContainer(ctx, url, request.body, forwarded);
  } catch (error) {
    const timedOut = /timeout/i.test(errorMessage(error)) || /Timeout/.test((error as Error).name ?? '');
    if (timedOut) {
      modelError(
        request,
        504,
        'Your invocation timed out while waiting for a response from container primary.',
        sentUs,
      );
      return;
    }
    writeRuntimeError(
      request.res,
      'ServiceUnavailable',
      `The container of variant ${variant.name} is not reachable: ${errorMessage(error)}`,
      request.requestId,
    );
    accountRequest(ctx, request, request.endpoint, variant, 'serviceUnavailable', -1, 0);
    return;
  }
  if (response.statusCode < 200 || response.statusCode > 299) {
    const text = await readText(response);
    modelError(request, response.statusCode, text, sentUs);
    return;
  }
  if (request.streaming) await relayStream(request, response, sentUs);
  else await relayWhole(request, response, sentUs);
}

function modelError(request: AcceptedRequest, status: number, originalMessage: string, sentUs: number): void {
  const { ctx, endpoint, variant } = request;
  const logStreamArn = `arn:aws:logs:${ctx.settings.region}:${ctx.settings.accountId}:log-group:/aws/sagemaker/Endpoints/${endpoint.name}`;
  const error = modelErrorMembers(
    status,
    originalMessage.slice(0, MAX_ORIGINAL_MESSAGE),
    logStreamArn,
    ctx.settings.accountId,
  );
  writeRuntimeError(request.res, 'ModelError', error.message, request.requestId, error.members);
  accountRequest(ctx, request, endpoint, variant, 'modelError', ctx.time.nowUs() - sentUs, 0, -1, status);
}

async function readText(response: ContainerResponse): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    if (size < MAX_ORIGINAL_MESSAGE) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}

function header(response: ContainerResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function relayWhole(
  request: AcceptedRequest,
  response: ContainerResponse,
  sentUs: number,
): Promise<void> {
  const { ctx, res, endpoint, variant } = request;
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk);
  const serviceUs = ctx.time.nowUs() - sentUs;
  const payload = Buffer.concat(chunks);
  const head = [
    'Content-Type',
    header(response, 'content-type') ?? 'application/octet-stream',
    'x-Amzn-Invoked-Production-Variant',
    variant.name,
    'x-amzn-RequestId',
    request.requestId,
    'Content-Length',
    String(payload.length),
  ];
  const attributes = header(response, 'x-amzn-sagemaker-custom-attributes');
  if (attributes !== undefined) head.push('X-Amzn-SageMaker-Custom-Attributes', attributes);
  res.writeHead(200, head);
  res.end(payload);
  accountRequest(ctx, request, endpoint, variant, 'ok', serviceUs, 0);
}

async function relayStream(
  request: AcceptedRequest,
  response: ContainerResponse,
  sentUs: number,
): Promise<void> {
  const { ctx, res, endpoint, variant } = request;
  res.writeHead(200, [
    'Content-Type',
    'application/vnd.amazon.eventstream',
    'X-Amzn-SageMaker-Content-Type',
    header(response, 'content-type') ?? 'application/octet-stream',
    'x-Amzn-Invoked-Production-Variant',
    variant.name,
    'x-amzn-RequestId',
    request.requestId,
  ]);
  let firstByteUs = -1;
  try {
    for await (const chunk of response.body) {
      if (res.destroyed) {
        await response.dump().catch(() => undefined);
        accountRequest(
          ctx,
          request,
          endpoint,
          variant,
          'clientAborted',
          ctx.time.nowUs() - sentUs,
          0,
          firstByteUs,
        );
        return;
      }
      if (firstByteUs < 0) firstByteUs = ctx.time.nowUs() - request.arrivalUs;
      res.write(payloadPartFrame(chunk));
    }
  } catch (error) {
    res.end(
      exceptionFrame('ModelStreamError', {
        Message: `Container stream broke: ${errorMessage(error)}`,
        ErrorCode: 'StreamBroken',
      }),
    );
    accountRequest(
      ctx,
      request,
      endpoint,
      variant,
      'modelStreamError',
      ctx.time.nowUs() - sentUs,
      0,
      firstByteUs,
    );
    return;
  }
  res.end();
  accountRequest(ctx, request, endpoint, variant, 'ok', ctx.time.nowUs() - sentUs, 0, firstByteUs);
}
