import {
  AddTagsCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteTagsCommand,
  DescribeEndpointCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  ListTagsCommand,
  paginateListEndpoints,
  waitUntilEndpointInService,
  ResourceLimitExceeded,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './support.js';

describe('control plane: lists, tags, errors', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ lifecycle: { createDelayMs: 50, deleteDelayMs: 50 } });
    await h.sagemaker.send(new CreateModelCommand({ ModelName: 'm', PrimaryContainer: { Image: 'img' } }));
    await h.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'cfg',
        ProductionVariants: [
          { VariantName: 'v', ModelName: 'm', InstanceType: 'ml.c5.large', InitialInstanceCount: 1 },
        ],
        Tags: [{ Key: 'owner', Value: 'perf' }],
      }),
    );
    for (const name of ['perf-a', 'perf-b', 'perf-c', 'other-x']) {
      await h.sagemaker.send(
        new CreateEndpointCommand({
          EndpointName: name,
          EndpointConfigName: 'cfg',
          Tags: [{ Key: 'run', Value: name }],
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct creation times
    }
    for (const name of ['perf-a', 'perf-b', 'perf-c', 'other-x'])
      await waitUntilEndpointInService(
        { client: h.sagemaker, minDelay: 0.02, maxDelay: 0.1, maxWaitTime: 10 },
        { EndpointName: name },
      );
  });
  afterAll(() => h.close());

  it('filters, sorts and paginates ListEndpoints', async () => {
    const byName = await h.sagemaker.send(
      new ListEndpointsCommand({ NameContains: 'PERF', SortBy: 'Name', SortOrder: 'Ascending' }),
    );
    expect(byName.Endpoints?.map((e) => e.EndpointName)).toEqual(['perf-a', 'perf-b', 'perf-c']);
    const newest = await h.sagemaker.send(new ListEndpointsCommand({ MaxResults: 2 }));
    expect(newest.Endpoints?.map((e) => e.EndpointName)).toEqual(['other-x', 'perf-c']);
    expect(newest.NextToken).toBeDefined();
    const rest = await h.sagemaker.send(
      new ListEndpointsCommand({ MaxResults: 2, NextToken: newest.NextToken }),
    );
    expect(rest.Endpoints?.map((e) => e.EndpointName)).toEqual(['perf-b', 'perf-a']);
    const last = await h.sagemaker.send(
      new ListEndpointsCommand({ MaxResults: 2, NextToken: rest.NextToken }),
    );
    expect(last.Endpoints?.map((e) => e.EndpointName)).toEqual(['demo']);
    expect(last.NextToken).toBeUndefined();
    const all: string[] = [];
    for await (const page of paginateListEndpoints(
      { client: h.sagemaker, pageSize: 2 },
      { SortBy: 'Name', SortOrder: 'Ascending' },
    ))
      all.push(...(page.Endpoints ?? []).map((e) => e.EndpointName ?? ''));
    expect(all).toEqual(['demo', 'other-x', 'perf-a', 'perf-b', 'perf-c']);

    await h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'other-x' }));
    const deleting = await h.sagemaker.send(new ListEndpointsCommand({ StatusEquals: 'Deleting' }));
    expect(deleting.Endpoints?.map((e) => e.EndpointName)).toEqual(['other-x']);
    expect(deleting.Endpoints?.[0]?.CreationTime).toBeInstanceOf(Date);
    const later = await h.sagemaker.send(
      new ListEndpointsCommand({ CreationTimeAfter: new Date(Date.now() + 60_000) }),
    );
    expect(later.Endpoints).toEqual([]);
    const badToken = await rejection(h.sagemaker.send(new ListEndpointsCommand({ NextToken: 'garbage' })));
    expect(badToken.name).toBe('ValidationException');
  });

  it('lists models and endpoint configurations', async () => {
    const models = await h.sagemaker.send(new ListModelsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(models.Models?.map((m) => m.ModelName)).toEqual(['demo-model', 'm']);
    const configs = await h.sagemaker.send(new ListEndpointConfigsCommand({ NameContains: 'cf' }));
    expect(configs.EndpointConfigs?.map((c) => c.EndpointConfigName)).toEqual(['cfg']);
    expect(configs.EndpointConfigs?.[0]?.EndpointConfigArn).toBe(
      'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/cfg',
    );
  });

  it('adds, lists and deletes tags; enforces the 50-tag limit', async () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/perf-a';
    expect((await h.sagemaker.send(new ListTagsCommand({ ResourceArn: arn }))).Tags).toEqual([
      { Key: 'run', Value: 'perf-a' },
    ]);
    const added = await h.sagemaker.send(
      new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: 'expires', Value: '2030-01-01' }] }),
    );
    expect(added.Tags).toEqual([{ Key: 'expires', Value: '2030-01-01' }]);
    await h.sagemaker.send(new DeleteTagsCommand({ ResourceArn: arn, TagKeys: ['run'] }));
    expect((await h.sagemaker.send(new ListTagsCommand({ ResourceArn: arn }))).Tags).toEqual([
      { Key: 'expires', Value: '2030-01-01' },
    ]);
    const cfgTags = await h.sagemaker.send(
      new ListTagsCommand({ ResourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/cfg' }),
    );
    expect(cfgTags.Tags).toEqual([{ Key: 'owner', Value: 'perf' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const tooMany = await rejection(h.sagemaker.send(new AddTagsCommand({ ResourceArn: arn, Tags: many })));
    expect(tooMany).toBeInstanceOf(ResourceLimitExceeded);
    const missing = await rejection(
      h.sagemaker.send(
        new ListTagsCommand({ ResourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/none' }),
      ),
    );
    expect(missing.name).toBe('ValidationException');
  });

  it('duplicates and missing resources fail the way AWS does', async () => {
    const dup = await rejection(
      h.sagemaker.send(new CreateEndpointCommand({ EndpointName: 'perf-a', EndpointConfigName: 'cfg' })),
    );
    expect(dup.name).toBe('ValidationException');
    expect(dup.message).toBe(
      'Cannot create already existing endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/perf-a".',
    );
    const dupCase = await rejection(
      h.sagemaker.send(new CreateModelCommand({ ModelName: 'M', PrimaryContainer: { Image: 'i' } })),
    );
    expect(dupCase.message).toBe(
      'Cannot create already existing model "arn:aws:sagemaker:us-east-1:123456789012:model/m".',
    );
    const missing = await rejection(h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'nope' })));
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toBe(
      'Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/nope".',
    );
    const noConfig = await rejection(
      h.sagemaker.send(new CreateEndpointCommand({ EndpointName: 'x', EndpointConfigName: 'nocfg' })),
    );
    expect(noConfig.message).toBe(
      'Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/nocfg".',
    );
    const noModel = await rejection(
      h.sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'c-x',
          ProductionVariants: [
            { VariantName: 'v', ModelName: 'ghost', InstanceType: 'ml.c5.large', InitialInstanceCount: 1 },
          ],
        }),
      ),
    );
    expect(noModel.message).toBe(
      'Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/ghost".',
    );
    const badName = await rejection(
      h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'bad_name' })),
    );
    expect(badName.message).toMatch(
      /at 'endpointName' failed to satisfy constraint: Member must satisfy regular expression/,
    );
    expect(h.emulator.resources().endpoints.map((e) => e.name)).not.toContain('x');
  });

  it('injected control-plane faults: DeleteEndpoint throttles twice for one endpoint, then works', async () => {
    h.emulator.faults.addControlPlaneFault({
      operation: 'DeleteEndpoint',
      resource: 'perf-b',
      error: 'ThrottlingException',
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const error = await rejection(h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'perf-b' })));
      expect(error.name).toBe('ThrottlingException');
      expect(error.message).toBe('Rate exceeded');
    }
    await h.sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'perf-b' }));
    expect(
      (await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'perf-b' }))).EndpointStatus,
    ).toBe('Deleting');
  });

  it('answers unknown operations, malformed JSON and missing members with AWS errors', async () => {
    const post = (target: string, body: string) =>
      fetch(`${h.emulator.url}/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target },
        body,
      });
    const unknown = await post('SageMaker.CreateTrainingJob', '{}');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const malformed = await post('SageMaker.DescribeEndpoint', '{"EndpointName":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-amzn-errortype')).toBe('SerializationException');
    const missing = await post('SageMaker.CreateEndpoint', '{"EndpointConfigName":"cfg"}');
    expect(await missing.json()).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'endpointName' failed to satisfy constraint: Member must not be null",
    });
    const noTarget = await fetch(`${h.emulator.url}/`, { method: 'POST', body: '{}' });
    expect(noTarget.status).toBe(400);
  });
});
