/**
 * The seam every wire protocol plugs into: the server reads a request's body, asks each handler in
 * `PROTOCOL_HANDLERS` (./protocol-handlers.ts) in order whether it `matches`, and lets the first one `handle`
 * it. Adding a protocol (CloudWatch, S3) is one new module and one entry in that list.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from './emulator-context.js';

export interface ProtocolHandler {
  /** Short name, for logs and errors. */
  readonly name: string;
  /**
   * Cheap test on method, URL and headers only (the body is not read yet when ordering matters).
   * Must not throw.
   */
  matches(req: IncomingMessage): boolean;
  /**
   * Answers the request. May be async; a rejection or throw is turned into a 500 InternalFailure by
   * the server (the connection survives), so handlers only need to catch what they can answer better.
   */
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer, ctx: EmulatorContext): void | Promise<void>;
}

/** The `X-Amz-Target` header of a JSON-protocol request (`SageMaker.CreateEndpoint`), or ''. */
export function amzTarget(req: IncomingMessage): string {
  const value = req.headers['x-amz-target'];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
