/**
 * The emulator's HTTP server: reads each request's body, dispatches it to the first matching
 * protocol handler, and makes sure no request is left without an answer — unknown routes get an
 * AWS-style 404, a handler that throws gets a 500 InternalFailure, a body over the limit gets a 413.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorMessage } from '../core/errors.js';
import type { EmulatorContext } from './emulator-context.js';
import type { ProtocolHandler } from './protocol-handler.js';

/** Largest request body the server reads (S3 uploads included); runtime calls stop at 6 MB themselves. */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

const EMPTY = Buffer.alloc(0);

export interface EmulatorServer {
  server: Server;
  /** Stops accepting, closes idle and active connections. */
  close(): Promise<void>;
}

export function createEmulatorServer(
  ctx: EmulatorContext,
  handlers: readonly ProtocolHandler[],
): EmulatorServer {
  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
    readBody(req, res, (body) => dispatch(req, res, body, ctx, handlers));
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function readBody(req: IncomingMessage, res: ServerResponse, done: (body: Buffer) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BYTES) {
    tooLarge(res);
    req.resume();
    return;
  }
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return;
    if (first === undefined) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  req.on('end', () => {
    if (size > MAX_REQUEST_BYTES) return tooLarge(res);
    done(chunks !== undefined ? Buffer.concat(chunks, size) : (first ?? EMPTY));
  });
  req.on('error', () => res.destroy());
}

function tooLarge(res: ServerResponse): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ message: `Request body larger than ${MAX_REQUEST_BYTES} bytes.` });
  res.writeHead(413, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'RequestEntityTooLarge' });
  res.end(body);
}

function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  ctx: EmulatorContext,
  handlers: readonly ProtocolHandler[],
): void {
  for (const handler of handlers) {
    if (!handler.matches(req)) continue;
    try {
      const result = handler.handle(req, res, body, ctx);
      if (result !== undefined) result.catch((error: unknown) => internalFailure(res, ctx, handler, error));
    } catch (error) {
      internalFailure(res, ctx, handler, error);
    }
    return;
  }
  const message = `No operation matches ${req.method ?? ''} ${req.url ?? ''}`;
  const text = JSON.stringify({ __type: 'UnknownOperationException', message });
  res.writeHead(404, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'UnknownOperationException' });
  res.end(text);
}

function internalFailure(
  res: ServerResponse,
  ctx: EmulatorContext,
  handler: ProtocolHandler,
  error: unknown,
): void {
  ctx.logger.warning(`emulator: ${handler.name} handler failed: ${errorMessage(error)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify({
    __type: 'InternalFailure',
    message: 'The emulator failed to process the request.',
  });
  res.writeHead(500, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'InternalFailure' });
  res.end(text);
}
