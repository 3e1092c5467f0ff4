/**
 * A real HTTP server standing in for a SageMaker runtime that breaks on command: it answers
 * InvokeEndpoint for every endpoint, and for the endpoint under test fails an exact share of the
 * requests (a deterministic schedule, so counts do not depend on timing), answers a body that fails
 * the response checks, or never answers. Other endpoints (the paired baseline) stay healthy.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RuntimeMode =
  | { kind: 'healthy' }
  /** Fails this fraction of requests with a 503 ServiceUnavailable, spread evenly. */
  | { kind: 'failing'; fraction: number }
  /** Answers 200 with a body whose label is wrong (fails `request.expect`). */
  | { kind: 'wrong-answer' }
  /** Never answers (requests end at the client's timeout). */
  | { kind: 'hang' };

export interface BrokenRuntime {
  url: string;
  /** The endpoint the mode applies to. */
  target: string;
  mode: RuntimeMode;
  /** Sets the mode and restarts its failure schedule. */
  setMode(mode: RuntimeMode): void;
  /** Requests answered per endpoint, and failures served. */
  served: { requests: number; failures: number };
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1, port 0. `serviceMs` delays every answer (bounds request counts). */
export async function startBrokenRuntime(target: string, serviceMs = 2): Promise<BrokenRuntime> {
  const hanging = new Set<ServerResponse>();
  const runtime: BrokenRuntime = {
    url: '',
    target,
    mode: { kind: 'healthy' },
    served: { requests: 0, failures: 0 },
    setMode: (mode) => {
      runtime.mode = mode;
      count = 0;
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  let count = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const endpoint = /\/endpoints\/([^/]+)\//.exec(request.url ?? '')?.[1] ?? '';
      const mode: RuntimeMode = endpoint === target ? runtime.mode : { kind: 'healthy' };
      if (mode.kind === 'hang') {
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
        return;
      }
      let fail = false;
      if (mode.kind === 'failing') {
        count++;
        // The k-th request fails when floor(k·f + φ) steps up: exactly ⌊f·n⌋ or ⌈f·n⌉ of any n.
        const phase = 1 - Math.min(50 * mode.fraction, 0.5);
        fail = Math.floor(count * mode.fraction + phase) > Math.floor((count - 1) * mode.fraction + phase);
      }
      setTimeout(() => {
        runtime.served.requests++;
        if (fail) {
          runtime.served.failures++;
          response
            .writeHead(503, {
              'content-type': 'application/json',
              'x-amzn-errortype': 'ServiceUnavailable:http://internal.amazon.com/coral/com.amazon.sagemaker/',
            })
            .end(JSON.stringify({ message: 'the model server is overloaded' }));
          return;
        }
        const label = mode.kind === 'wrong-answer' ? 'dog' : 'cat';
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ label }));
      }, serviceMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  runtime.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return runtime;
}
