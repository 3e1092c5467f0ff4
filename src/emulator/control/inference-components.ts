/**
 * CreateInferenceComponent, DescribeInferenceComponent, UpdateInferenceComponentRuntimeConfig,
 * DeleteInferenceComponent, ListInferenceComponents — as the service model shapes them (there is no
 * SDK waiter: callers poll Describe until InService or Failed, and until "Could not find").
 */
import type { EmulatorContext } from '../emulator-context.js';
import {
  COMPONENT_STATUSES,
  deleteComponent,
  startComponent,
  updateCopies,
  type ComponentRecord,
  type ComponentSpec,
} from '../kinds/components.js';
import type { ContainerSpec } from '../model/behaviour.js';
import { alreadyExists, notFound, validation } from './errors.js';
import {
  epochSeconds,
  optionalNumber,
  optionalObject,
  optionalString,
  readTags,
  requiredName,
  type Input,
} from './input.js';
import { listPage } from './listing.js';

function component(ctx: EmulatorContext, input: Input): ComponentRecord {
  const name = requiredName(input, 'InferenceComponentName');
  const record = ctx.resources.components.get(name.toLowerCase());
  if (record === undefined) throw notFound(ctx.resources, 'inference-component', name);
  return record;
}

function readSpec(specification: Input, copies: number): ComponentSpec {
  const modelName = optionalString(specification, 'ModelName');
  const containerInput = optionalObject(specification, 'Container');
  if ((modelName === undefined) === (containerInput === undefined))
    throw validation('Specification must contain exactly one of ModelName or Container.');
  const compute = optionalObject(specification, 'ComputeResourceRequirements');
  const minMemoryMb =
    compute === undefined ? undefined : optionalNumber(compute, 'MinMemoryRequiredInMb', 128, 1e9);
  if (minMemoryMb === undefined)
    throw validation('Specification.ComputeResourceRequirements.MinMemoryRequiredInMb is required.');
  const cpuCores = optionalNumber(compute ?? {}, 'NumberOfCpuCoresRequired', 0.25, 1e6);
  let container: ContainerSpec | undefined;
  if (containerInput !== undefined) {
    const env = optionalObject(containerInput, 'Environment') ?? {};
    if (Object.keys(env).length > 16) throw validation('Container.Environment can have at most 16 entries.');
    const image = optionalString(containerInput, 'Image');
    container = {
      ...(image === undefined ? {} : { Image: image }),
      Environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
    };
  }
  return { modelName, container, minMemoryMb, cpuCores, copies };
}

export function createInferenceComponent(input: Input, ctx: EmulatorContext): Input {
  const { resources } = ctx;
  const name = requiredName(input, 'InferenceComponentName');
  const endpointName = requiredName(input, 'EndpointName');
  const tags = readTags(input);
  const specification = optionalObject(input, 'Specification');
  if (specification === undefined) throw validation('Specification is required.');
  const runtime = optionalObject(input, 'RuntimeConfig');
  const copies = runtime === undefined ? undefined : optionalNumber(runtime, 'CopyCount', 0, 1000);
  if (copies === undefined || !Number.isInteger(copies))
    throw validation('RuntimeConfig.CopyCount is required.');
  const spec = readSpec(specification, copies);
  if (spec.modelName !== undefined && !resources.models.has(spec.modelName.toLowerCase()))
    throw notFound(resources, 'model', spec.modelName);
  const endpoint = resources.endpoints.get(endpointName.toLowerCase());
  if (endpoint === undefined) throw notFound(resources, 'endpoint', endpointName);
  if (endpoint.status !== 'InService')
    throw validation(
      `Endpoint "${endpoint.arn}" is ${endpoint.status}; inference components need an InService endpoint.`,
    );
  const hosts = endpoint.deployed?.variants.filter((v) => v.model.modelName === '') ?? [];
  const variantName = optionalString(input, 'VariantName') ?? hosts[0]?.name;
  const host = hosts.find((v) => v.name === variantName);
  if (host === undefined || variantName === undefined)
    throw validation(
      `Endpoint "${endpoint.arn}" has no production variant ${variantName ?? ''} that hosts inference components (its variants have a ModelName).`,
    );
  if (resources.components.has(name.toLowerCase()))
    throw alreadyExists(resources, 'inference-component', name);
  const nowMs = Date.now();
  const record: ComponentRecord = {
    name,
    arn: resources.arn('inference-component', name),
    endpointName: endpoint.name,
    variantName,
    status: 'Creating',
    failureReason: undefined,
    creationTimeMs: nowMs,
    lastModifiedTimeMs: nowMs,
    spec,
    specification,
    deployed: undefined,
    generation: 0,
  };
  resources.addTags(record.arn, tags);
  startComponent(ctx, record);
  return { InferenceComponentArn: record.arn };
}

export function describeInferenceComponent(input: Input, ctx: EmulatorContext): Input {
  const record = component(ctx, input);
  const endpoint = ctx.resources.endpoints.get(record.endpointName.toLowerCase());
  const image = record.spec.container?.Image;
  const specification: Input = { ...record.specification };
  if (image !== undefined && typeof specification.Container === 'object') {
    const nowS = epochSeconds(record.lastModifiedTimeMs);
    specification.Container = {
      ...(specification.Container as Input),
      DeployedImage: { SpecifiedImage: image, ResolvedImage: image, ResolutionTime: nowS },
    };
    delete (specification.Container as Input).Image;
  }
  const current = record.deployed?.copies ?? 0;
  return {
    InferenceComponentName: record.name,
    InferenceComponentArn: record.arn,
    EndpointName: record.endpointName,
    EndpointArn: endpoint?.arn ?? ctx.resources.arn('endpoint', record.endpointName),
    VariantName: record.variantName,
    ...(record.failureReason === undefined ? {} : { FailureReason: record.failureReason }),
    Specification: specification,
    RuntimeConfig: { DesiredCopyCount: record.spec.copies, CurrentCopyCount: current },
    CreationTime: epochSeconds(record.creationTimeMs),
    LastModifiedTime: epochSeconds(record.lastModifiedTimeMs),
    InferenceComponentStatus: record.status,
  };
}

export function updateInferenceComponentRuntimeConfig(input: Input, ctx: EmulatorContext): Input {
  const record = component(ctx, input);
  const desired = optionalObject(input, 'DesiredRuntimeConfig');
  const copies = desired === undefined ? undefined : optionalNumber(desired, 'CopyCount', 0, 1000);
  if (copies === undefined || !Number.isInteger(copies))
    throw validation('DesiredRuntimeConfig.CopyCount is required.');
  if (record.status !== 'InService')
    throw validation(`Cannot update in-progress inference component "${record.arn}".`);
  updateCopies(ctx, record, copies);
  return { InferenceComponentArn: record.arn };
}

export function deleteInferenceComponent(input: Input, ctx: EmulatorContext): Input {
  const record = component(ctx, input);
  if (record.status === 'Deleting')
    throw validation(`Inference component "${record.arn}" is already being deleted (DELETE_IN_PROGRESS).`);
  deleteComponent(ctx, record);
  return {};
}

export function listInferenceComponents(input: Input, ctx: EmulatorContext): Input {
  const endpointName = optionalString(input, 'EndpointNameEquals')?.toLowerCase();
  const variantName = optionalString(input, 'VariantNameEquals');
  const items = [...ctx.resources.components.values()]
    .filter(
      (c) =>
        (endpointName === undefined || c.endpointName.toLowerCase() === endpointName) &&
        (variantName === undefined || c.variantName === variantName),
    )
    .map((c) => ({ ...c, name: c.name, status: c.status }));
  const { page, nextToken } = listPage(items, input, {
    sortBy: ['Name', 'CreationTime', 'Status'],
    statusFilter: COMPONENT_STATUSES,
    defaultMaxResults: 10,
  });
  return {
    InferenceComponents: page.map((c) => ({
      InferenceComponentName: c.name,
      InferenceComponentArn: c.arn,
      EndpointName: c.endpointName,
      EndpointArn: ctx.resources.arn('endpoint', c.endpointName),
      VariantName: c.variantName,
      InferenceComponentStatus: c.status,
      CreationTime: epochSeconds(c.creationTimeMs),
      LastModifiedTime: epochSeconds(c.lastModifiedTimeMs),
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}
