/**
 * Reading a runtime request: the path (`/endpoints/{EndpointName}/invocations[-response-stream]`),
 * the headers the SDK sends, and the checks SageMaker applies before routing (name pattern, 6 MB
 * payload, header lengths). Cheap on purpose: this runs for every invocation.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** SageMaker's real-time payload limit, bytes. */
const MAX_PAYLOAD_BYTES = 6_291_456;
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

export type RuntimeOperation = 'InvokeEndpoint' | 'InvokeEndpointWithResponseStream' | 'InvokeEndpointAsync';

/** Path of a runtime call. */
export interface RuntimeRoute {
  endpointName: string;
  operation: RuntimeOperation;
}

/** Parses the URL of a runtime call; undefined when it is not one. */
export function parseRuntimePath(url: string): RuntimeRoute | undefined {
  // '/endpoints/'.length === 11
  const slash = url.indexOf('/', 11);
  if (slash < 0) return undefined;
  let endpointName = url.slice(11, slash);
  if (endpointName.includes('%')) {
    try {
      endpointName = decodeURIComponent(endpointName);
    } catch {
      return undefined;
    }
  }
  const query = url.indexOf('?', slash);
  const tail = query < 0 ? url.slice(slash + 1) : url.slice(slash + 1, query);
  if (tail === 'invocations') return { endpointName, operation: 'InvokeEndpoint' };
  if (tail === 'invocations-response-stream')
    return { endpointName, operation: 'InvokeEndpointWithResponseStream' };
  if (tail === 'async-invocations') return { endpointName, operation: 'InvokeEndpointAsync' };
  return undefined;
}

/** The request headers the runtime uses. */
export interface RuntimeHeaders {
  contentType: string;
  /** `Accept` (InvokeEndpoint) or `X-Amzn-SageMaker-Accept` (streaming). */
  accept: string | undefined;
  customAttributes: string | undefined;
  targetModel: string | undefined;
  targetVariant: string | undefined;
  inferenceId: string | undefined;
  sessionId: string | undefined;
  /** X-Amzn-SageMaker-Inference-Component */
  inferenceComponent: string | undefined;
}

export function readRuntimeHeaders(headers: IncomingHttpHeaders, streaming: boolean): RuntimeHeaders {
  return {
    contentType: one(headers['content-type']) ?? 'application/octet-stream',
    accept: one(streaming ? headers['x-amzn-sagemaker-accept'] : headers.accept),
    customAttributes: one(headers['x-amzn-sagemaker-custom-attributes']),
    targetModel: one(headers['x-amzn-sagemaker-target-model']),
    targetVariant: one(headers['x-amzn-sagemaker-target-variant']),
    inferenceId: one(headers['x-amzn-sagemaker-inference-id']),
    sessionId: one(headers['x-amzn-sagemaker-session-id']),
    inferenceComponent: one(headers['x-amzn-sagemaker-inference-component']),
  };
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** An AWS-style validation message: `1 validation error detected: Value ... at 'x' failed to satisfy ...`. */
function constraint(field: string, value: string | undefined, rule: string): string {
  const shown =
    value === undefined ? 'null' : `'${value.length > 100 ? `${value.slice(0, 100)}...` : value}'`;
  return `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${rule}`;
}

/** The endpoint name's problem, or undefined when it is valid. */
export function endpointNameProblem(name: string): string | undefined {
  if (name.length > 63)
    return constraint('endpointName', name, 'Member must have length less than or equal to 63');
  if (!NAME_PATTERN.test(name))
    return constraint(
      'endpointName',
      name,
      'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*',
    );
  return undefined;
}

/** The first problem with the payload or headers, or undefined. */
export function requestProblem(bodyBytes: number, h: RuntimeHeaders): string | undefined {
  if (bodyBytes > MAX_PAYLOAD_BYTES)
    return `1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PAYLOAD_BYTES}`;
  if (h.customAttributes !== undefined) {
    if (h.customAttributes.length > 1024)
      return constraint(
        'customAttributes',
        h.customAttributes,
        'Member must have length less than or equal to 1024',
      );
    if (!/^[\p{ASCII}]*$/u.test(h.customAttributes))
      return constraint(
        'customAttributes',
        h.customAttributes,
        'Member must satisfy regular expression pattern: \\p{ASCII}*',
      );
  }
  if (h.inferenceId !== undefined && (h.inferenceId.length < 1 || h.inferenceId.length > 64))
    return constraint('inferenceId', h.inferenceId, 'Member must have length between 1 and 64');
  if (h.targetModel !== undefined && (h.targetModel.length < 1 || h.targetModel.length > 1024))
    return constraint('targetModel', h.targetModel, 'Member must have length between 1 and 1024');
  return undefined;
}
