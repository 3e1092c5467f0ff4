/**
 * The SageMaker Runtime protocol (restJson1): routes `/endpoints/{name}/...` calls to a deployed
 * endpoint's variant, applying SageMaker's checks and the injected faults, then hands the request
 * to the capacity model (or to a real container).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../emulator-context.js';
import type { Outcome } from '../introspection/outcomes.js';
import type { ProtocolHandler } from '../protocol-handler.js';
import { chooseVariant, refreshFaults, type DeployedVariant } from '../state/deployed.js';
import { accountRequest } from './accounting.js';
import { modelErrorMembers, writeRuntimeError, type RuntimeErrorName } from './errors.js';
import { ModelledInvocation, type AcceptedRequest } from './invoke.js';
import { proxyInvocation } from './proxy.js';
import { endpointNameProblem, parseRuntimePath, readRuntimeHeaders, requestProblem } from './request.js';
import { StreamInvocation } from './stream.js';
import { acceptAsync } from '../kinds/async-invoke.js';
import { routeToComponent } from '../kinds/component-route.js';

export const runtimeProtocol: ProtocolHandler = {
  name: 'sagemaker-runtime',
  matches: (req) => req.url !== undefined && req.url.startsWith('/endpoints/'),
  handle: handleRuntime,
};

function handleRuntime(req: IncomingMessage, res: ServerResponse, body: Buffer, ctx: EmulatorContext): void {
  const arrivalUs = ctx.time.nowUs();
  const requestId = ctx.nextRequestId();
  const route = parseRuntimePath(req.url ?? '');
  if (route === undefined || req.method !== 'POST') {
    writeRuntimeError(
      res,
      'UnknownOperationException',
      `No operation matches ${req.method} ${req.url}`,
      requestId,
    );
    return;
  }
  const { endpointName, operation } = route;
  const nameProblem = endpointNameProblem(endpointName);
  if (nameProblem !== undefined) {
    writeRuntimeError(res, 'ValidationError', nameProblem, requestId);
    return;
  }
  const record = ctx.resources.endpoints.get(endpointName.toLowerCase());
  const endpoint = record?.deployed;
  if (endpoint === undefined) {
    writeRuntimeError(
      res,
      'ValidationError',
      `Endpoint ${endpointName} of account ${ctx.settings.accountId} not found.`,
      requestId,
    );
    return;
  }
  const streaming = operation === 'InvokeEndpointWithResponseStream';
  const headers = readRuntimeHeaders(req.headers, streaming);
  // One object per request, used by every later step (no per-request closures on the hot path).
  const request: AcceptedRequest = {
    requestId,
    endpointName: endpoint.name,
    streaming,
    arrivalUs,
    ctx,
    res,
    body,
    headers,
    endpoint,
    variant: endpoint.variants[0] as DeployedVariant,
  };
  if (endpoint.async !== undefined) {
    if (operation === 'InvokeEndpointAsync') return acceptAsync(request, req.headers);
    return reject(
      request,
      undefined,
      'ValidationError',
      `Endpoint ${endpoint.name} is configured for asynchronous inference; use InvokeEndpointAsync.`,
      'validationError',
    );
  }
  if (operation === 'InvokeEndpointAsync')
    return reject(
      request,
      undefined,
      'ValidationError',
      `Endpoint ${endpoint.name} is not configured for asynchronous inference.`,
      'validationError',
    );
  const problem = requestProblem(body.length, headers);
  if (problem !== undefined) return reject(request, undefined, 'ValidationError', problem, 'validationError');
  let variant: DeployedVariant;
  if (endpoint.componentHost || headers.inferenceComponent !== undefined) {
    const route = routeToComponent(ctx, endpoint, headers.inferenceComponent, arrivalUs);
    if ('error' in route)
      return reject(request, undefined, 'ValidationError', route.error, 'validationError');
    variant = route.variant;
    request.inferenceComponent = headers.inferenceComponent;
  } else if (headers.targetVariant !== undefined) {
    const target = endpoint.byName.get(headers.targetVariant);
    if (target === undefined)
      return reject(
        request,
        undefined,
        'ValidationError',
        `The variant ${headers.targetVariant} does not exist for endpoint ${endpoint.name}.`,
        'validationError',
      );
    variant = target;
  } else {
    variant = chooseVariant(endpoint);
  }
  request.variant = variant;
  if (endpoint.multiModel && headers.targetModel === undefined)
    return reject(
      request,
      variant,
      'ValidationError',
      'TargetModel header is required for multi-model endpoints.',
      'validationError',
    );
  if (!endpoint.multiModel && headers.targetModel !== undefined)
    return reject(
      request,
      variant,
      'ValidationError',
      `Endpoint ${endpoint.name} is not a multi-model endpoint.`,
      'validationError',
    );
  if (variant.model.echoErrors) return echoError(request, variant, req.rawHeaders);
  refreshFaults(ctx, endpoint);
  if (endpoint.faultsActive && injectPreQueueFault(request)) return;
  if (variant.model.proxyUrl !== undefined) {
    proxyInvocation(request);
    return;
  }
  const job = streaming ? new StreamInvocation(request) : new ModelledInvocation(request);
  if (!variant.pool.submit(job, arrivalUs)) {
    // Serverless: beyond MaxConcurrency SageMaker throttles (no queue, whatever the scenario says).
    const overload = variant.warmth !== undefined ? 'ThrottlingException' : ctx.settings.overloadError;
    if (overload === 'ThrottlingException')
      reject(request, variant, 'ThrottlingException', 'Rate exceeded', 'throttled');
    else if (overload === 'ServiceUnavailable')
      reject(
        request,
        variant,
        'ServiceUnavailable',
        'The endpoint is overloaded. Try again later.',
        'serviceUnavailable',
      );
    else
      reject(
        request,
        variant,
        'ModelNotReadyException',
        'The model is not ready to serve this request.',
        'modelNotReady',
      );
  }
}

/** Answers an error and accounts for it (`variant` when the request got that far). */
function reject(
  request: AcceptedRequest,
  variant: DeployedVariant | undefined,
  name: RuntimeErrorName,
  message: string,
  outcome: Outcome,
): void {
  writeRuntimeError(request.res, name, message, request.requestId);
  accountRequest(request.ctx, request, request.endpoint, variant, outcome, -1, 0);
}

const SENSITIVE_FIRST = ['x-amzn-sagemaker-custom-attributes', 'x-amz-security-token', 'authorization'];

/** `EMULATOR_ECHO_ERRORS`: a ModelError quoting every request header and the body. */
function echoError(request: AcceptedRequest, variant: DeployedVariant, rawHeaders: readonly string[]): void {
  const { ctx, endpoint } = request;
  const headers: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.push(`${rawHeaders[i]}: ${rawHeaders[i + 1]}`);
  // One line, the most sensitive headers first: clients keep only an error's first line (and cut it),
  // so this is the echo that reaches a report when redaction fails.
  const rank = (line: string) => SENSITIVE_FIRST.findIndex((prefix) => line.toLowerCase().startsWith(prefix));
  headers.sort((a, b) => (rank(a) < 0 ? 99 : rank(a)) - (rank(b) < 0 ? 99 : rank(b)));
  const body = request.body.toString('utf8', 0, 2048).replace(/\s+/g, ' ');
  const echoed = `Cannot serve this request. ${headers.join('; ')}; body: ${body}`;
  const logStreamArn = `arn:aws:logs:${ctx.settings.region}:${ctx.settings.accountId}:log-group:/aws/sagemaker/Endpoints/${endpoint.name}`;
  const error = modelErrorMembers(400, echoed, logStreamArn, ctx.settings.accountId);
  writeRuntimeError(request.res, 'ModelError', error.message, request.requestId, error.members);
  accountRequest(ctx, request, endpoint, variant, 'modelError', -1, 0, -1, 400);
}

/** Draws the faults that hit before a worker is taken; true when one was answered. */
function injectPreQueueFault(request: AcceptedRequest): boolean {
  const { endpoint, variant } = request;
  const f = endpoint.faults;
  const pre = f.throttle + f.serviceUnavailable + f.internalFailure + f.modelNotReady;
  if (pre <= 0) return false;
  const u = endpoint.random.next();
  if (u >= pre) return false;
  if (u < f.throttle) reject(request, variant, 'ThrottlingException', 'Rate exceeded', 'throttled');
  else if (u < f.throttle + f.serviceUnavailable)
    reject(
      request,
      variant,
      'ServiceUnavailable',
      'The service is unavailable. Try again later. (emulator fault)',
      'serviceUnavailable',
    );
  else if (u < f.throttle + f.serviceUnavailable + f.internalFailure)
    reject(
      request,
      variant,
      'InternalFailure',
      'An internal failure occurred. (emulator fault)',
      'internalFailure',
    );
  else
    reject(
      request,
      variant,
      'ModelNotReadyException',
      'The model is not ready. (emulator fault)',
      'modelNotReady',
    );
  return true;
}
