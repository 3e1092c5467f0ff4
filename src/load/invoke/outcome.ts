/**
 * What one invocation ended as, and the one classification both invokers share: SageMaker's modeled
 * error names (from `x-amzn-ErrorType`, or the SDK's error `name`), HTTP status as a fallback,
 * timeouts and network failures from the transport, stream failures from the event stream.
 */
import type { OutcomeClass } from '../../result/document.js';
import type { TokenCountSource } from '../tokens/token-counter.js';

/** What a streamed response showed about its tokens. */
export interface StreamObservation {
  /** Monotonic µs of the first token event. */
  readonly firstTokenUs: number | undefined;
  readonly tokenEvents: number;
  /** The server's own count of generated tokens, when the format carries one. */
  readonly serverTokens: number | undefined;
  /** Inter-token gaps: the time between token-bearing parts, divided among the tokens of the later part. */
  readonly gapsUs: readonly number[];
  /** Output tokens as finally counted (absent: `serverTokens ?? tokenEvents`). */
  readonly outputTokens?: number;
  /** Where `outputTokens` came from (absent: `usage` when the server counted, else `events`). */
  readonly tokenSource?: TokenCountSource;
  /** Prompt tokens, when the server reported them (`usage.prompt_tokens`, TGI `details.input_length`). */
  readonly inputTokens?: number;
}

/** One completed attempt. */
export interface Outcome {
  readonly outcome: OutcomeClass;
  /** HTTP status, 0 when no response arrived. */
  readonly statusCode: number;
  /** Error message (from the endpoint, the stream or the transport); undefined for `ok`. */
  readonly message: string | undefined;
  /** Model errors: the container's original HTTP status. */
  readonly originalStatus: number | undefined;
  readonly bytesReceived: number;
  /** Monotonic µs when the response completed (or failed). */
  readonly endUs: number;
  readonly stream: StreamObservation | undefined;
}

const BY_NAME: Readonly<Record<string, OutcomeClass>> = {
  ThrottlingException: 'throttled',
  Throttling: 'throttled',
  ThrottledException: 'throttled',
  TooManyRequestsException: 'throttled',
  ModelError: 'model_error',
  ValidationError: 'validation',
  ValidationException: 'validation',
  ModelNotReadyException: 'not_ready',
  ServiceUnavailable: 'service_unavailable',
  ServiceUnavailableException: 'service_unavailable',
  InternalFailure: 'internal_failure',
  InternalDependencyException: 'internal_failure',
  InternalServerError: 'internal_failure',
  ModelStreamError: 'stream_error',
  InternalStreamFailure: 'stream_error',
};

/** `ModelError:http://…` / `aws.sagemaker#ModelError` → `ModelError` (as the SDK reads the header). */
export function errorNameOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let name = raw.split(/[:,]/)[0] ?? raw;
  const hash = name.lastIndexOf('#');
  if (hash >= 0) name = name.slice(hash + 1);
  return name.trim() || undefined;
}

/** Class of a modeled (or HTTP-level) error response. */
export function classifyErrorResponse(
  name: string | undefined,
  statusCode: number,
  message: string,
): OutcomeClass {
  const byName = name === undefined ? undefined : BY_NAME[name];
  if (byName) return byName;
  if (statusCode === 429 || (statusCode === 400 && /rate exceeded|throttl/i.test(message)))
    return 'throttled';
  if (name === undefined) {
    if (statusCode === 424) return 'model_error';
    if (statusCode === 503) return 'service_unavailable';
    if (statusCode === 500 || statusCode === 530) return 'internal_failure';
  }
  return 'other';
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Class of a transport failure (no modeled error): timeout, network, or other. */
export function classifyTransportError(error: unknown): OutcomeClass {
  const code = transportCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return 'timeout';
  if (code !== undefined && NETWORK_CODES.has(code)) return 'network';
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return 'timeout';
  return 'other';
}

/** The error code of a transport error or its causes (`ECONNREFUSED`, `UND_ERR_SOCKET`, …). */
function transportCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Parses a JSON error body for its message and, for model errors, the container's status. */
export function parseErrorBody(text: string): {
  message: string | undefined;
  originalStatus: number | undefined;
} {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null)
      return { message: text || undefined, originalStatus: undefined };
    const record = body as Record<string, unknown>;
    const message = record.message ?? record.Message;
    const original = record.OriginalStatusCode;
    return {
      message: typeof message === 'string' ? message : text || undefined,
      originalStatus: typeof original === 'number' ? original : undefined,
    };
  } catch {
    return { message: text || undefined, originalStatus: undefined };
  }
}
