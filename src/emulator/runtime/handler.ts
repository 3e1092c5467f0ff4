/**
 * The SageMaker Runtime protocol (restJson1): routes `/endpoints/{name}/...` calls to a deployed
 * endpoint's variant, applying SageMaker's checks and the injected faults, then hands the request
 * to the capacity model (or to a real container).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../context.js';
import type { Outcome } from '../introspection/outcomes.js';
import type { ProtocolHandler } from '../protocol.js';
import {
  chooseVariant,
  refreshFaults,
  type DeployedEndpoint,
  type DeployedVariant,
} from '../state/deployed.js';
import { accountRequest } from './accounting.js';
import { writeRuntimeError, type RuntimeErrorName } from './errors.js';
import { ModelledInvocation, type AcceptedRequest } from './invoke.js';
import { proxyInvocation } from './proxy.js';
import { endpointNameProblem, parseRuntimePath, readRuntimeHeaders, requestProblem } from './request.js';
import { StreamInvocation } from './stream.js';

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
  const accounted = { requestId, endpointName: endpoint.name, streaming, arrivalUs };
  const reject = (name: RuntimeErrorName, message: string, outcome: Outcome, variant?: DeployedVariant) => {
    writeRuntimeError(res, name, message, requestId);
    accountRequest(ctx, accounted, endpoint, variant, outcome, -1, 0);
  };
  if (operation === 'InvokeEndpointAsync') {
    reject(
      'ValidationError',
      `Endpoint ${endpoint.name} is not configured for asynchronous inference.`,
      'validationError',
    );
    return;
  }
  const headers = readRuntimeHeaders(req.headers, streaming);
  const problem = requestProblem(body.length, headers);
  if (problem !== undefined) return reject('ValidationError', problem, 'validationError');
  let variant: DeployedVariant;
  if (headers.targetVariant !== undefined) {
    const target = endpoint.byName.get(headers.targetVariant);
    if (target === undefined)
      return reject(
        'ValidationError',
        `The variant ${headers.targetVariant} does not exist for endpoint ${endpoint.name}.`,
        'validationError',
      );
    variant = target;
  } else {
    variant = chooseVariant(endpoint);
  }
  if (endpoint.multiModel && headers.targetModel === undefined)
    return reject(
      'ValidationError',
      'TargetModel header is required for multi-model endpoints.',
      'validationError',
      variant,
    );
  if (!endpoint.multiModel && headers.targetModel !== undefined)
    return reject(
      'ValidationError',
      `Endpoint ${endpoint.name} is not a multi-model endpoint.`,
      'validationError',
      variant,
    );
  refreshFaults(ctx, endpoint);
  if (endpoint.faultsActive && injectPreQueueFault(endpoint, variant, reject)) return;
  const request: AcceptedRequest = { ...accounted, ctx, res, body, headers, endpoint, variant };
  if (variant.model.proxyUrl !== undefined) {
    proxyInvocation(request);
    return;
  }
  const job = streaming ? new StreamInvocation(request) : new ModelledInvocation(request);
  if (!variant.pool.submit(job, arrivalUs)) {
    const overload = ctx.settings.overloadError;
    if (overload === 'ThrottlingException')
      reject('ThrottlingException', 'Rate exceeded', 'throttled', variant);
    else if (overload === 'ServiceUnavailable')
      reject(
        'ServiceUnavailable',
        'The endpoint is overloaded. Try again later.',
        'serviceUnavailable',
        variant,
      );
    else
      reject(
        'ModelNotReadyException',
        'The model is not ready to serve this request.',
        'modelNotReady',
        variant,
      );
  }
}

/** Draws the faults that hit before a worker is taken; true when one was answered. */
function injectPreQueueFault(
  endpoint: DeployedEndpoint,
  variant: DeployedVariant,
  reject: (name: RuntimeErrorName, message: string, outcome: Outcome, variant?: DeployedVariant) => void,
): boolean {
  const f = endpoint.faults;
  const pre = f.throttle + f.serviceUnavailable + f.internalFailure + f.modelNotReady;
  if (pre <= 0) return false;
  const u = endpoint.random.next();
  if (u >= pre) return false;
  if (u < f.throttle) reject('ThrottlingException', 'Rate exceeded', 'throttled', variant);
  else if (u < f.throttle + f.serviceUnavailable)
    reject(
      'ServiceUnavailable',
      'The service is unavailable. Try again later. (emulator fault)',
      'serviceUnavailable',
      variant,
    );
  else if (u < f.throttle + f.serviceUnavailable + f.internalFailure)
    reject('InternalFailure', 'An internal failure occurred. (emulator fault)', 'internalFailure', variant);
  else reject('ModelNotReadyException', 'The model is not ready. (emulator fault)', 'modelNotReady', variant);
  return true;
}
