/**
 * How control-plane errors are classified. SageMaker reports a missing resource with the unmodeled
 * `ValidationException` ("Could not find endpoint ..."), so names alone are not enough.
 */

/** Fields the AWS SDK puts on its service exceptions (read structurally, never assumed). */
interface AwsErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

function shape(error: unknown): AwsErrorShape {
  return error !== null && typeof error === 'object' ? (error as AwsErrorShape) : {};
}

function nameOf(error: unknown): string {
  const e = shape(error);
  return typeof e.name === 'string' ? e.name : '';
}

function messageOf(error: unknown): string {
  const e = shape(error);
  return typeof e.message === 'string' ? e.message : '';
}

function statusOf(error: unknown): number | undefined {
  const status = shape(error).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The resource does not exist (any more): for teardown, that counts as deleted. */
export function isNotFound(error: unknown): boolean {
  const name = nameOf(error);
  const message = messageOf(error);
  if (name === 'ResourceNotFound' || name === 'ResourceNotFoundException') return true;
  return name === 'ValidationException' && /could not find|does not exist|not found/i.test(message);
}

/** The request was rate limited and can be retried after a pause. */
export function isThrottling(error: unknown): boolean {
  const name = nameOf(error);
  if (/throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(name)) return true;
  if (shape(error).$retryable?.throttling === true) return true;
  return statusOf(error) === 429 || /rate exceeded/i.test(messageOf(error));
}

const TRANSIENT_NAMES = new Set([
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

/** A server-side or network failure that may well succeed on a second try. */
export function isTransient(error: unknown): boolean {
  if (TRANSIENT_NAMES.has(nameOf(error))) return true;
  const status = statusOf(error);
  if (status !== undefined && status >= 500) return true;
  const code = shape(error).code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

/**
 * The resource exists but cannot be changed in its current state (e.g. deleting an endpoint that is
 * still Creating). Retrying later succeeds once SageMaker finishes the transition.
 */
export function isBusy(error: unknown): boolean {
  if (nameOf(error) === 'ConflictException') return true;
  return (
    nameOf(error) === 'ValidationException' &&
    !isNotFound(error) &&
    /\b(status|in progress|in-progress|Creating|Updating|SystemUpdating|RollingBack)\b/.test(messageOf(error))
  );
}

/** Throttling or a transient failure: safe to retry any idempotent or unexecuted call. */
export function isRetryable(error: unknown): boolean {
  return isThrottling(error) || isTransient(error);
}
