/**
 * Control-plane (awsJson1_1) errors: HTTP 400 (or the code's status), `x-amzn-ErrorType` and a JSON
 * body with `__type` and `message`, which the SDK turns into its exception (modeled ones like
 * ResourceLimitExceeded into their classes; ValidationException stays the generic service exception
 * with that `name`, which is what the waiters test).
 */
import type { ServerResponse } from 'node:http';
import type { ResourceKind, ResourceStore } from '../state/resources.js';

/** An AWS error the control plane answers with. */
export class ControlPlaneError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = 'ControlPlaneError';
    this.code = code;
    this.status = status;
  }
}

export function validation(message: string): ControlPlaneError {
  return new ControlPlaneError('ValidationException', message);
}

const KIND_WORDS: Record<ResourceKind, string> = {
  model: 'model',
  'endpoint-config': 'endpoint configuration',
  endpoint: 'endpoint',
  'inference-component': 'inference component',
};

/** `Could not find endpoint "arn:aws:sagemaker:...:endpoint/name".` */
export function notFound(resources: ResourceStore, kind: ResourceKind, name: string): ControlPlaneError {
  return validation(`Could not find ${KIND_WORDS[kind]} "${resources.arn(kind, name)}".`);
}

/** `Cannot create already existing endpoint "arn:...".` */
export function alreadyExists(resources: ResourceStore, kind: ResourceKind, name: string): ControlPlaneError {
  return validation(`Cannot create already existing ${KIND_WORDS[kind]} "${resources.arn(kind, name)}".`);
}

export function writeControlPlaneError(
  res: ServerResponse,
  error: ControlPlaneError,
  requestId: string,
): void {
  const body = JSON.stringify({ __type: error.code, message: error.message });
  res.writeHead(error.status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'x-amzn-ErrorType': error.code,
    'x-amzn-RequestId': requestId,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}
