/**
 * A runtime behind a proxy that answers error pages instead of the service's JSON: both invokers
 * (fast and the unmodified SDK) record the operation, the endpoint, the HTTP status and the page's
 * title — never the raw HTML. A real HTTP server on 127.0.0.1 (port 0) serves the pages.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invocationSpec, jsonBody } from './harness.js';
import { systemClock } from '../../src/core/clock.js';
import { createInvoker } from '../../src/load/invoke/create-invoker.js';
import { reduceErrorBody, runtimeErrorMessage } from '../../src/load/invoke/error-message.js';
import { INVOKER_KINDS, type InvocationSpec } from '../../src/load/invoke/invoker.js';

const PAGES: Record<string, { status: number; body: string; type: string; errorType?: string }> = {
  'not-found': {
    status: 404,
    type: 'text/html',
    body: '<!DOCTYPE html>\n<html><head><title>404 Not Found</title><style>p{}</style></head>\n<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>',
  },
  'bad-gateway': {
    status: 502,
    type: 'text/html',
    body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n',
  },
  'plain-text': {
    status: 503,
    type: 'text/plain',
    body: '\n upstream connect error or disconnect\nreset reason: overflow',
  },
  modeled: {
    status: 503,
    type: 'application/json',
    errorType: 'ServiceUnavailable',
    body: JSON.stringify({ message: 'the endpoint is busy' }),
  },
};

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const name = /\/endpoints\/([^/]+)\//.exec(request.url ?? '')?.[1] ?? '';
      const page = PAGES[name] ?? PAGES['not-found'];
      if (!page) throw new Error('no page');
      const headers: Record<string, string> = { 'content-type': page.type };
      if (page.errorType) headers['x-amzn-errortype'] = `${page.errorType}:http://internal.amazon.com/`;
      response.writeHead(page.status, headers).end(page.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const body = jsonBody({ x: 1 });

function spec(endpointName: string): InvocationSpec {
  return invocationSpec(url, endpointName);
}

const deps = {
  monotonicUs: systemClock.monotonicUs,
  nowMs: systemClock.nowMs,
  credentials: () => ({ accessKeyId: 'A', secretAccessKey: 'S' }),
  maxConnections: 1,
};

describe.each(INVOKER_KINDS)('the %s invoker against error pages', (kind) => {
  it.each([
    ['not-found', 'InvokeEndpoint on "not-found": HTTP 404: 404 Not Found'],
    ['bad-gateway', 'InvokeEndpoint on "bad-gateway": HTTP 502: 502 Bad Gateway'],
    ['plain-text', 'InvokeEndpoint on "plain-text": HTTP 503: upstream connect error or disconnect'],
    ['modeled', 'InvokeEndpoint on "modeled": HTTP 503 ServiceUnavailable: the endpoint is busy'],
  ])('%s → %s', async (endpoint, expected) => {
    const invoker = createInvoker(kind, spec(endpoint), deps);
    try {
      const outcome = await invoker.invoke(body);
      expect(outcome.outcome).not.toBe('ok');
      expect(outcome.statusCode).toBe(PAGES[endpoint]?.status);
      expect(outcome.message).toBe(expected);
      expect(outcome.message).not.toMatch(/<|nginx/);
    } finally {
      await invoker.close();
    }
  });
});

describe('reduceErrorBody and runtimeErrorMessage', () => {
  it('reduces HTML to its title, else its first text line; keeps JSON-less text to one line', () => {
    expect(reduceErrorBody('<html><head><title> Gateway &amp; Timeout </title></head></html>')).toBe(
      'Gateway & Timeout',
    );
    expect(reduceErrorBody('<html><body>\n<h1>Service down</h1><p>later</p></body></html>')).toBe(
      'Service down',
    );
    expect(reduceErrorBody('x'.repeat(1000))).toHaveLength(300);
    expect(reduceErrorBody('  \n ')).toBeUndefined();
  });

  it('names the operation, endpoint and status even without a response', () => {
    expect(
      runtimeErrorMessage({
        operation: 'InvokeEndpointWithResponseStream',
        endpointName: 'e',
        statusCode: undefined,
        errorName: undefined,
        detail: 'connect ECONNREFUSED 127.0.0.1:1',
      }),
    ).toBe('InvokeEndpointWithResponseStream on "e": no HTTP response: connect ECONNREFUSED 127.0.0.1:1');
  });
});
