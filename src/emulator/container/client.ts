/**
 * Talking to a real model container over the SageMaker container contract: `GET /ping` and
 * `POST /invocations`. One keep-alive connection pool per emulator (undici, already the load
 * engine's HTTP client), closed with the emulator.
 */
import { Agent } from 'undici';
import type { EmulatorContext } from '../emulator-context.js';

/** The container contract's limits. */
const CONTAINER_PING_TIMEOUT_MS = 2000;
const CONTAINER_INVOCATION_TIMEOUT_MS = 60_000;

export interface ContainerResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Buffer>;
  /** Discards the rest of the body. */
  dump(): Promise<void>;
}

/** The emulator's connection pool for containers. */
function containerAgent(ctx: EmulatorContext): Agent {
  return ctx.handlerState('container-agent', () => new Agent({ keepAliveTimeout: 10_000, connections: 256 }));
}

/** True when `GET {url}/ping` answers 200 within the contract's 2 s. */
export async function pingContainer(ctx: EmulatorContext, baseUrl: string): Promise<boolean> {
  try {
    const res = await containerAgent(ctx).request({
      origin: new URL(baseUrl).origin,
      path: `${new URL(baseUrl).pathname.replace(/\/$/, '')}/ping`,
      method: 'GET',
      headersTimeout: CONTAINER_PING_TIMEOUT_MS,
      bodyTimeout: CONTAINER_PING_TIMEOUT_MS,
    });
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}

/** `POST {url}/invocations` with the headers SageMaker forwards to a container. */
export async function invokeContainer(
  ctx: EmulatorContext,
  baseUrl: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<ContainerResponse> {
  const url = new URL(baseUrl);
  const res = await containerAgent(ctx).request({
    origin: url.origin,
    path: `${url.pathname.replace(/\/$/, '')}/invocations`,
    method: 'POST',
    headers,
    body,
    headersTimeout: CONTAINER_INVOCATION_TIMEOUT_MS,
    bodyTimeout: CONTAINER_INVOCATION_TIMEOUT_MS,
  });
  return {
    statusCode: res.statusCode,
    headers: res.headers,
    body: res.body as AsyncIterable<Buffer>,
    dump: () => res.body.dump(),
  };
}
