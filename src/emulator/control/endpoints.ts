/** CreateEndpoint, DescribeEndpoint, UpdateEndpoint, DeleteEndpoint, ListEndpoints. */
import type { EmulatorContext } from '../emulator-context.js';
import { ENDPOINT_STATUSES, type EndpointRecord } from '../state/resources.js';
import { alreadyExists, notFound, validation } from './errors.js';
import { epochSeconds, readTags, requiredName, type Input } from './input.js';
import { listPage } from './listing.js';

function configFor(ctx: EmulatorContext, input: Input) {
  const name = requiredName(input, 'EndpointConfigName');
  const config = ctx.resources.configs.get(name.toLowerCase());
  if (config === undefined) throw notFound(ctx.resources, 'endpoint-config', name);
  return config;
}

function endpoint(ctx: EmulatorContext, input: Input): EndpointRecord {
  const name = requiredName(input, 'EndpointName');
  const record = ctx.resources.endpoints.get(name.toLowerCase());
  if (record === undefined) throw notFound(ctx.resources, 'endpoint', name);
  return record;
}

export function createEndpoint(input: Input, ctx: EmulatorContext): Input {
  const name = requiredName(input, 'EndpointName');
  const tags = readTags(input);
  const config = configFor(ctx, input);
  if (ctx.resources.endpoints.has(name.toLowerCase())) throw alreadyExists(ctx.resources, 'endpoint', name);
  const record = ctx.lifecycle.create(name, config);
  ctx.resources.addTags(record.arn, tags);
  return { EndpointArn: record.arn };
}

export function describeEndpoint(input: Input, ctx: EmulatorContext): Input {
  const record = endpoint(ctx, input);
  const out: Input = {
    EndpointName: record.name,
    EndpointArn: record.arn,
    EndpointConfigName: record.configName,
    EndpointStatus: record.status,
    CreationTime: epochSeconds(record.creationTimeMs),
    LastModifiedTime: epochSeconds(record.lastModifiedTimeMs),
  };
  if (record.failureReason !== undefined) out.FailureReason = record.failureReason;
  const deployed = record.deployed;
  if (deployed !== undefined) {
    out.ProductionVariants = deployed.variants.map((v) => {
      const model = ctx.resources.models.get(v.model.modelName.toLowerCase());
      const image = model?.container.Image ?? 'emulator/model:latest';
      return {
        VariantName: v.name,
        DeployedImages: [
          {
            SpecifiedImage: image,
            ResolvedImage: image,
            ResolutionTime: epochSeconds(record.lastModifiedTimeMs),
          },
        ],
        CurrentWeight: v.weight,
        DesiredWeight: v.weight,
        CurrentInstanceCount: v.instanceCount,
        DesiredInstanceCount: v.instanceCount,
      };
    });
  }
  return out;
}

export function updateEndpoint(input: Input, ctx: EmulatorContext): Input {
  const record = endpoint(ctx, input);
  const config = configFor(ctx, input);
  if (record.status !== 'InService') throw validation(`Cannot update in-progress endpoint "${record.arn}".`);
  ctx.lifecycle.update(record, config);
  return { EndpointArn: record.arn };
}

/** Statuses in which SageMaker refuses changes ("in-progress"). */
const IN_PROGRESS = new Set(['Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'Deleting']);

export function deleteEndpoint(input: Input, ctx: EmulatorContext): Input {
  const record = endpoint(ctx, input);
  // As on AWS, an endpoint in progress cannot be deleted yet — except Creating, which the emulator
  // allows unless the scenario says `delete-while-creating: refuse` (see settings.ts).
  const allowed = record.status === 'Creating' && ctx.settings.lifecycle.deleteWhileCreating === 'allow';
  if (IN_PROGRESS.has(record.status) && !allowed)
    throw validation(`Cannot update in-progress endpoint "${record.arn}".`);
  ctx.lifecycle.delete(record);
  return {};
}

export function listEndpoints(input: Input, ctx: EmulatorContext): Input {
  const items = [...ctx.resources.endpoints.values()].map((e) => ({
    name: e.name,
    arn: e.arn,
    creationTimeMs: e.creationTimeMs,
    lastModifiedTimeMs: e.lastModifiedTimeMs,
    status: e.status,
  }));
  const { page, nextToken } = listPage(items, input, {
    sortBy: ['Name', 'CreationTime', 'Status'],
    statusFilter: ENDPOINT_STATUSES,
    defaultMaxResults: 10,
  });
  return {
    Endpoints: page.map((e) => ({
      EndpointName: e.name,
      EndpointArn: e.arn,
      CreationTime: epochSeconds(e.creationTimeMs),
      LastModifiedTime: epochSeconds(e.lastModifiedTimeMs),
      EndpointStatus: e.status,
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}
