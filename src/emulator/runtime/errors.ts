/**
 * Runtime (restJson1) error responses: `x-amzn-ErrorType` and a JSON body, exactly as the SDK's
 * deserializer expects them (a non-JSON body would surface as a SyntaxError, not the modeled error).
 */
import type { ServerResponse } from 'node:http';

/** Error names the runtime answers with, and their HTTP status. */
export const RUNTIME_ERROR_STATUS = {
  ValidationError: 400,
  ModelError: 424,
  ModelNotReadyException: 429,
  InternalFailure: 500,
  ServiceUnavailable: 503,
  InternalDependencyException: 530,
  ThrottlingException: 400,
  UnknownOperationException: 404,
} as const;
export type RuntimeErrorName = keyof typeof RUNTIME_ERROR_STATUS;

/** Writes a modeled runtime error. `extra` members go into the body next to `message`. */
export function writeRuntimeError(
  res: ServerResponse,
  name: RuntimeErrorName,
  message: string,
  requestId: string,
  extra?: Record<string, unknown>,
): void {
  const body = Buffer.from(JSON.stringify(extra === undefined ? { message } : { ...extra, message }));
  res.writeHead(RUNTIME_ERROR_STATUS[name], [
    'x-amzn-ErrorType',
    name,
    'x-amzn-RequestId',
    requestId,
    'Content-Type',
    'application/json',
    'Content-Length',
    String(body.length),
  ]);
  res.end(body);
}

/** The body members of a ModelError, shaped like SageMaker's. */
export function modelErrorMembers(
  originalStatus: number,
  originalMessage: string,
  logStreamArn: string,
  accountId: string,
): { members: Record<string, unknown>; message: string } {
  const kind = originalStatus >= 500 ? 'server' : 'client';
  const message =
    `Received ${kind} error (${originalStatus}) from primary ` +
    `with message "${originalMessage}". See ${logStreamArn} in account ${accountId} for more information.`;
  return {
    message,
    members: {
      ErrorCode: originalStatus >= 500 ? 'SERVER_ERROR_FROM_MODEL' : 'CLIENT_ERROR_FROM_MODEL',
      OriginalStatusCode: originalStatus,
      OriginalMessage: originalMessage,
      LogStreamArn: logStreamArn,
    },
  };
}
