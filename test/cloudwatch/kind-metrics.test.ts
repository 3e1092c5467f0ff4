/**
 * Server-side metrics per hosting kind, end to end with the unmodified SDK clients: requests to an
 * async endpoint and to an inference component on a shared endpoint, the collector reading the
 * emulator's CloudWatch (GetMetricData), and the report's server section.
 *
 * - Async endpoints publish no `Invocations` (docs/endpoint-kinds.md): the emulator omits it, and the
 *   collector judges completeness on `InvocationsProcesssed` instead — the stage is `ok`, not
 *   `partial` — with the backlog metrics (size, per instance, age of the oldest request, backlog
 *   without capacity) read per endpoint and shown.
 * - An inference component's figures are read by `InferenceComponentName`: the request metrics, and
 *   the component-level `CPUUtilizationNormalized` (/aws/sagemaker/InferenceComponents),
 *   `InvocationsPerCopy` and `ConcurrentRequestsPerCopy`.
 *
 * Counts are compared with what was sent; the stage window ends at the last request's completion as
 * the emulator recorded it, so the last period always holds it, however slow the machine.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateInferenceComponentCommand,
  DescribeInferenceComponentCommand,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointAsyncCommand, InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectServerMetrics } from '../../src/cloudwatch/collect.js';
import { systemClock } from '../../src/core/clock.js';
import { memoryLogger } from '../../src/core/logger.js';
import { renderServerSection } from '../../src/report/markdown/server-section.js';
import type { ResultDocument } from '../../src/result/document.js';
import { startHarness, type Harness } from '../emulator/support.js';
import { makeResult } from '../report/fixtures.js';
import { createSharedHost, createAsyncConfig } from '../support/emulator-fixtures.js';

const quick = { minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 10 };
const REQUESTS = 6;

let h: Harness;
let s3: S3Client;

beforeAll(async () => {
  h = await startHarness({
    lifecycle: { createDelayMs: 50, updateDelayMs: 50, deleteDelayMs: 50 },
    scenario: { s3: { buckets: ['outputs'] } },
  });
  s3 = new S3Client({ maxAttempts: 1, forcePathStyle: true });
  await createAsyncConfig(h.sagemaker, 'as', 'ml.m5.xlarge', { S3OutputPath: 's3://outputs/async' });
  await h.sagemaker.send(new CreateEndpointCommand({ EndpointName: 'as', EndpointConfigName: 'as-config' }));
  await createSharedHost('shared', 'ml.m5.xlarge', h.sagemaker);
  await waitUntilEndpointInService({ client: h.sagemaker, ...quick }, { EndpointName: 'as' });
  await h.sagemaker.send(
    new CreateInferenceComponentCommand({
      InferenceComponentName: 'cand-ic',
      EndpointName: 'shared',
      VariantName: 'AllTraffic',
      Specification: {
        Container: { Image: 'cand:1' },
        ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024, NumberOfCpuCoresRequired: 1 },
      },
      RuntimeConfig: { CopyCount: 2 },
    }),
  );
  for (let i = 0; i < 200; i++) {
    const ic = await h.sagemaker.send(
      new DescribeInferenceComponentCommand({ InferenceComponentName: 'cand-ic' }),
    );
    if (ic.InferenceComponentStatus === 'InService') break;
    await new Promise((r) => setTimeout(r, 25));
  }
});
afterAll(async () => {
  s3?.destroy();
  await h?.close();
});

/** The wall-clock time (ms) the last request to `endpoint` was answered, as the emulator recorded it. */
function lastCompletionMs(endpoint: string): number {
  const done = h.emulator.requests(endpoint).map((r) => r.arrivalUs + r.residenceUs);
  return h.emulator.context.time.wallMsAt(Math.max(...done));
}

function resultFor(
  endpoint: string,
  startedAtMs: number,
  endedAtMs: number,
  component?: string,
): ResultDocument {
  const doc = makeResult({
    instanceType: 'ml.m5.xlarge',
    stages: [{ name: 'steady', target: 2, durationS: 1, rps: 1, medianMs: 1 }],
  });
  return {
    ...doc,
    target: {
      ...doc.target,
      endpointName: endpoint,
      variantName: 'AllTraffic',
      ...(component === undefined ? {} : { inferenceComponent: component }),
    },
    stages: doc.stages.map((s) => ({ ...s, startedAtMs, endedAtMs })),
  };
}

async function collect(result: ResultDocument): Promise<ResultDocument> {
  const cloudwatch = new CloudWatchClient({ maxAttempts: 1 });
  try {
    return await collectServerMetrics(cloudwatch, result, {
      waitMs: 0,
      periodSeconds: 1,
      clock: systemClock,
      logger: memoryLogger(),
    });
  } finally {
    cloudwatch.destroy();
  }
}

describe('server-side metrics per hosting kind', () => {
  it('async: no Invocations, complete on InvocationsProcesssed, the backlog metrics read and shown', async () => {
    const startedAtMs = Date.now();
    const submitted = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        h.runtime.send(
          new InvokeEndpointAsyncCommand({
            EndpointName: 'as',
            Body: JSON.stringify({ i }),
            ContentType: 'application/json',
          }),
        ),
      ),
    );
    for (const out of submitted) {
      const [, bucket, key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(out.OutputLocation ?? '') ?? [];
      for (let i = 0; ; i++) {
        try {
          await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
          break;
        } catch (error) {
          if ((error as Error).name !== 'NotFound' || i > 400) throw error;
          await new Promise((r) => setTimeout(r, 25));
        }
      }
    }
    const collected = await collect(resultFor('as', startedAtMs, lastCompletionMs('as') + 0.5));
    const server = collected.stages[0]?.serverMetrics;
    expect(server?.status, server?.message).toBe('ok');
    const m = server?.metrics ?? {};
    expect(m.Invocations).toBeUndefined();
    expect(m.OverheadLatency).toBeUndefined();
    expect(m.InvocationsProcesssed?.sum).toBe(REQUESTS);
    expect(m.ModelLatency?.average).toBeGreaterThan(0);
    // Six requests, two slots: at most six in the backlog, at least three at once (queued + running).
    expect(m.ApproximateBacklogSize?.maximum).toBeGreaterThanOrEqual(3);
    expect(m.ApproximateBacklogSize?.maximum).toBeLessThanOrEqual(REQUESTS);
    expect(m.ApproximateBacklogSizePerInstance?.maximum).toBe(m.ApproximateBacklogSize?.maximum); // one instance
    expect(m.ApproximateAgeOfOldestRequest?.maximum).toBeGreaterThan(0);
    expect(m.HasBacklogWithoutCapacity?.maximum).toBe(0);
    expect(m.TimeInBacklog?.maximum).toBeGreaterThan(0);
    const section = renderServerSection({ result: collected } as Parameters<typeof renderServerSection>[0]);
    expect(section).not.toContain('(partial)');
    for (const header of [
      'Backlog avg (max)',
      'Backlog per instance avg (max)',
      'Oldest request age avg (max)',
      'Backlog without capacity',
      'Processed / failed',
    ])
      expect(section).toContain(header);
    expect(section).not.toContain('Invocations (client)');
    expect(section).toContain(`${REQUESTS} / 0`);
  });

  it('inference component: request and component-level metrics by InferenceComponentName, shown', async () => {
    const startedAtMs = Date.now();
    await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        h.runtime.send(
          new InvokeEndpointCommand({
            EndpointName: 'shared',
            InferenceComponentName: 'cand-ic',
            Body: JSON.stringify({ i }),
            ContentType: 'application/json',
          }),
        ),
      ),
    );
    const collected = await collect(
      resultFor('shared', startedAtMs, lastCompletionMs('shared') + 0.5, 'cand-ic'),
    );
    const server = collected.stages[0]?.serverMetrics;
    expect(server?.status, server?.message).toBe('ok');
    const m = server?.metrics ?? {};
    expect(m.Invocations?.sum).toBe(REQUESTS);
    expect(m.InvocationsPerCopy?.sum).toBe(REQUESTS / 2); // two copies
    expect(m.ConcurrentRequestsPerCopy?.maximum).toBeGreaterThan(0);
    expect(m.CPUUtilizationNormalized?.maximum).toBeGreaterThan(0);
    expect(m.CPUUtilizationNormalized?.maximum).toBeLessThanOrEqual(100);
    expect(m.GPUUtilizationNormalized).toBeUndefined(); // a CPU host
    const section = renderServerSection({ result: collected } as Parameters<typeof renderServerSection>[0]);
    for (const header of ['Component CPU avg (max)', 'Invocations per copy', 'Concurrent per copy avg (max)'])
      expect(section).toContain(header);
  });
});
