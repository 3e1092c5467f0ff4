/**
 * The container proxy against a real model server: the example scikit-learn app under gunicorn
 * (Debian's python3-sklearn, python3-flask, gunicorn), driven only through the SageMaker SDKs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import {
  InvokeEndpointCommand,
  InvokeEndpointWithResponseStreamCommand,
  ModelError,
} from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './support.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// Needs Debian's gunicorn, python3-flask and python3-sklearn (scripts/setup.sh installs them).
describe('container proxy with a real scikit-learn server', () => {
  let h: Harness;
  let server: ChildProcess | undefined;
  let port = 0;
  beforeAll(async () => {
    h = await startHarness({ lifecycle: { createDelayMs: 100, pingIntervalMs: 100 } });
    port = await freePort();
  });
  afterAll(async () => {
    if (server !== undefined && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await h.close();
  });

  const deploy = async (name: string, url: string, startupTimeoutSec?: number) => {
    await h.sagemaker.send(
      new CreateModelCommand({ ModelName: `${name}-model`, PrimaryContainer: { Image: url } }),
    );
    await h.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: `${name}-config`,
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: `${name}-model`,
            InstanceType: 'ml.m5.large',
            InitialInstanceCount: 1,
            ...(startupTimeoutSec === undefined
              ? {}
              : { ContainerStartupHealthCheckTimeoutInSeconds: startupTimeoutSec }),
          },
        ],
      }),
    );
    await h.sagemaker.send(
      new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }),
    );
  };

  it('pings the container while Creating, then forwards invocations, errors and streams', async () => {
    await deploy('iris', `http://127.0.0.1:${port}`);
    // The server starts only now: the endpoint must wait in Creating until /ping answers.
    server = spawn('./serve', [], {
      cwd: 'examples/sklearn-container',
      env: {
        PATH: '/usr/bin:/bin',
        BIND: '127.0.0.1',
        PYTHONDONTWRITEBYTECODE: '1',
        PORT: String(port),
        SAGEMAKER_MODEL_SERVER_WORKERS: '2',
        STREAM_DELAY_SECONDS: '0.1',
      },
      stdio: 'ignore',
    });
    expect(
      (await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'iris' }))).EndpointStatus,
    ).toBe('Creating');
    await waitUntilEndpointInService(
      { client: h.sagemaker, minDelay: 0.1, maxDelay: 0.5, maxWaitTime: 30 },
      { EndpointName: 'iris' },
    );

    const out = await h.runtime.send(
      new InvokeEndpointCommand({
        EndpointName: 'iris',
        ContentType: 'text/csv',
        Body: Buffer.from('5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3'),
      }),
    );
    expect(out.ContentType).toBe('application/json');
    expect(out.InvokedProductionVariant).toBe('AllTraffic');
    const body = JSON.parse(Buffer.from(out.Body ?? []).toString()) as { predictions: number[] };
    expect(body.predictions).toEqual([0, 2]);

    const error = await rejection(
      h.runtime.send(
        new InvokeEndpointCommand({
          EndpointName: 'iris',
          ContentType: 'text/csv',
          Body: Buffer.from('a,b,c,d'),
        }),
      ),
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as unknown as ModelError).OriginalStatusCode).toBe(400);
    expect((error as unknown as ModelError).OriginalMessage).toMatch(/expected numbers in CSV/);

    const stream = await h.runtime.send(
      new InvokeEndpointWithResponseStreamCommand({
        EndpointName: 'iris',
        ContentType: 'text/csv',
        Accept: 'application/jsonlines',
        Body: Buffer.from('5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n5.9,3.0,4.2,1.5'),
      }),
    );
    expect(stream.ContentType).toMatch(/^application\/jsonlines/);
    let text = '';
    let parts = 0;
    for await (const event of stream.Body ?? []) {
      if (event.PayloadPart?.Bytes) {
        parts++;
        text += Buffer.from(event.PayloadPart.Bytes).toString();
      }
    }
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prediction: number });
    expect(lines.map((l) => l.prediction)).toEqual([0, 2, 1]);
    expect(parts).toBeGreaterThanOrEqual(2); // 100 ms between lines: not one buffered blob

    const outcomes = h.emulator.outcomes('iris');
    expect(outcomes).toMatchObject({ ok: 2, modelError: 1, modelErrorByStatus: { 400: 1 } });
    const served = h.emulator.requests('iris').filter((r) => r.outcome === 'ok');
    expect(served.every((r) => r.serviceUs > 0)).toBe(true);
  });

  it('fails the deployment when the container never answers /ping', async () => {
    const silent = await freePort();
    await deploy('silent', `http://127.0.0.1:${silent}`, 1);
    const error = await rejection(
      waitUntilEndpointInService(
        { client: h.sagemaker, minDelay: 0.1, maxDelay: 0.3, maxWaitTime: 15 },
        { EndpointName: 'silent' },
      ),
    );
    expect(error.message).toContain('"state":"FAILURE"');
    const described = await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'silent' }));
    expect(described.EndpointStatus).toBe('Failed');
    expect(described.FailureReason).toMatch(/did not pass the ping health check/);
  });
});
