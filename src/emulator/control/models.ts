/** CreateModel, DescribeModel, DeleteModel, ListModels. */
import type { EmulatorContext } from '../emulator-context.js';
import type { ContainerSpec } from '../model/behaviour.js';
import type { ModelRecord } from '../state/resources.js';
import { alreadyExists, notFound, validation } from './errors.js';
import { epochSeconds, optionalArray, optionalObject, readTags, requiredName, type Input } from './input.js';
import { listPage } from './listing.js';

export function createModel(input: Input, ctx: EmulatorContext): Input {
  const { resources } = ctx;
  const name = requiredName(input, 'ModelName');
  const primary = optionalObject(input, 'PrimaryContainer');
  const containers = optionalArray(input, 'Containers');
  const tags = readTags(input);
  if (primary === undefined && (containers === undefined || containers.length === 0))
    throw validation('Either PrimaryContainer or Containers must be specified.');
  const container = readContainer(primary ?? (containers?.[0] as Input | undefined) ?? {});
  if (resources.models.has(name.toLowerCase())) throw alreadyExists(resources, 'model', name);
  const record: ModelRecord = {
    name,
    arn: resources.arn('model', name),
    creationTimeMs: Date.now(),
    container,
    input: withoutTags(input),
  };
  resources.models.set(name.toLowerCase(), record);
  resources.addTags(record.arn, tags);
  return { ModelArn: record.arn };
}

function readContainer(raw: Input): ContainerSpec {
  const environment = optionalObject(raw, 'Environment') ?? {};
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (typeof value !== 'string') throw validation(`Environment variable ${key} must be a string.`);
    env[key] = value;
  }
  const spec: ContainerSpec = { Environment: env };
  if (typeof raw.Image === 'string') spec.Image = raw.Image;
  if (typeof raw.Mode === 'string') {
    if (raw.Mode !== 'SingleModel' && raw.Mode !== 'MultiModel')
      throw validation(
        `1 validation error detected: Value '${raw.Mode}' at 'primaryContainer.mode' failed to satisfy constraint: Member must satisfy enum value set: [SingleModel, MultiModel]`,
      );
    spec.Mode = raw.Mode;
  }
  return spec;
}

export function withoutTags(input: Input): Input {
  const copy = { ...input };
  delete copy.Tags;
  return copy;
}

function model(ctx: EmulatorContext, input: Input): ModelRecord {
  const name = requiredName(input, 'ModelName');
  const record = ctx.resources.models.get(name.toLowerCase());
  if (record === undefined) throw notFound(ctx.resources, 'model', name);
  return record;
}

export function describeModel(input: Input, ctx: EmulatorContext): Input {
  const record = model(ctx, input);
  return {
    EnableNetworkIsolation: false,
    ...record.input,
    ModelName: record.name,
    ModelArn: record.arn,
    CreationTime: epochSeconds(record.creationTimeMs),
  };
}

export function deleteModel(input: Input, ctx: EmulatorContext): Input {
  const record = model(ctx, input);
  ctx.resources.models.delete(record.name.toLowerCase());
  ctx.resources.tags.delete(record.arn);
  return {};
}

export function listModels(input: Input, ctx: EmulatorContext): Input {
  const { page, nextToken } = listPage(ctx.resources.models.values(), input, {
    sortBy: ['Name', 'CreationTime'],
    defaultMaxResults: 10,
  });
  return {
    Models: page.map((m) => ({
      ModelName: m.name,
      ModelArn: m.arn,
      CreationTime: epochSeconds(m.creationTimeMs),
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}
