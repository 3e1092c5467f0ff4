/** CreateEndpointConfig, DescribeEndpointConfig, DeleteEndpointConfig, ListEndpointConfigs. */
import type { EmulatorContext } from '../emulator-context.js';
import type { EndpointConfigRecord, VariantSpec } from '../state/resources.js';
import { alreadyExists, notFound, validation } from './errors.js';
import {
  checkName,
  epochSeconds,
  optionalArray,
  optionalNumber,
  optionalObject,
  optionalString,
  readTags,
  requiredName,
  requiredString,
  type Input,
} from './input.js';
import { listPage } from './listing.js';
import { withoutTags } from './models.js';

/** Pseudo instance type of serverless variants (capacity = MaxConcurrency, no queue). */
const SERVERLESS_INSTANCE_TYPE = 'serverless';

export function createEndpointConfig(input: Input, ctx: EmulatorContext): Input {
  const { resources } = ctx;
  const name = requiredName(input, 'EndpointConfigName');
  const list = optionalArray(input, 'ProductionVariants');
  if (list === undefined)
    throw validation(
      "1 validation error detected: Value null at 'productionVariants' failed to satisfy constraint: Member must not be null",
    );
  if (list.length < 1 || list.length > 10)
    throw validation(
      "1 validation error detected: Value at 'productionVariants' failed to satisfy constraint: Member must have length between 1 and 10",
    );
  const tags = readTags(input);
  const variants = list.map((item) => readVariant((item ?? {}) as Input, ctx));
  checkKindRules(input, variants);
  const names = variants.map((v) => v.VariantName);
  if (new Set(names).size !== names.length) throw validation('Production variant names must be unique.');
  if (resources.configs.has(name.toLowerCase())) throw alreadyExists(resources, 'endpoint-config', name);
  const record: EndpointConfigRecord = {
    name,
    arn: resources.arn('endpoint-config', name),
    creationTimeMs: Date.now(),
    variants,
    input: { ...withoutTags(input), ProductionVariants: variants.map((v) => v.raw) },
  };
  resources.configs.set(name.toLowerCase(), record);
  resources.addTags(record.arn, tags);
  return { EndpointConfigArn: record.arn };
}

function readVariant(raw: Input, ctx: EmulatorContext): VariantSpec {
  const variantName = requiredString(raw, 'VariantName');
  checkName('VariantName', variantName);
  // A variant without a model hosts inference components (they bring their own models).
  const modelName = raw.ModelName === undefined ? '' : requiredName(raw, 'ModelName');
  const serverless = optionalObject(raw, 'ServerlessConfig');
  const weight = optionalNumber(raw, 'InitialVariantWeight', 0, 1e9) ?? 1;
  if (modelName !== '' && !ctx.resources.models.has(modelName.toLowerCase()))
    throw notFound(ctx.resources, 'model', modelName);
  if (serverless !== undefined) {
    if (modelName === '') throw validation('A serverless production variant needs a ModelName.');
    return {
      VariantName: variantName,
      ModelName: modelName,
      InstanceType: SERVERLESS_INSTANCE_TYPE,
      InitialInstanceCount: 1,
      InitialVariantWeight: weight,
      Serverless: readServerless(serverless),
      raw: { InitialVariantWeight: weight, ...raw },
    };
  }
  const instanceType = requiredString(raw, 'InstanceType');
  if (ctx.settings.profiles[instanceType] === undefined)
    throw validation(
      `1 validation error detected: Value '${instanceType}' at 'productionVariants.1.member.instanceType' failed to satisfy constraint: Member must satisfy enum value set: [${Object.keys(ctx.settings.profiles).slice(0, 8).join(', ')}, ...]`,
    );
  const count = optionalNumber(raw, 'InitialInstanceCount', 1, 1000);
  if (count === undefined || !Number.isInteger(count))
    throw validation('InitialInstanceCount is required for a production variant that is not serverless.');
  const spec: VariantSpec = {
    VariantName: variantName,
    ModelName: modelName,
    InstanceType: instanceType,
    InitialInstanceCount: count,
    InitialVariantWeight: weight,
    raw: { InitialVariantWeight: weight, ...raw },
  };
  const startup = optionalNumber(raw, 'ContainerStartupHealthCheckTimeoutInSeconds', 1, 3600);
  if (startup !== undefined) spec.ContainerStartupHealthCheckTimeoutInSeconds = startup;
  return spec;
}

/** MemorySizeInMB ∈ {1024, …, 6144}, MaxConcurrency 1–200, ProvisionedConcurrency 1–MaxConcurrency. */
function readServerless(serverless: Input): NonNullable<VariantSpec['Serverless']> {
  const memory = optionalNumber(serverless, 'MemorySizeInMB', 1024, 6144);
  const concurrency = optionalNumber(serverless, 'MaxConcurrency', 1, 200);
  if (memory === undefined || concurrency === undefined)
    throw validation('ServerlessConfig requires MemorySizeInMB and MaxConcurrency.');
  if (memory % 1024 !== 0)
    throw validation(
      `1 validation error detected: Value '${memory}' at 'productionVariants.1.member.serverlessConfig.memorySizeInMB' failed to satisfy constraint: Member must satisfy enum value set: [1024, 2048, 3072, 4096, 5120, 6144]`,
    );
  const provisioned = optionalNumber(serverless, 'ProvisionedConcurrency', 1, 200) ?? 0;
  if (provisioned > concurrency)
    throw validation('ProvisionedConcurrency must be less than or equal to MaxConcurrency.');
  return { memoryMb: memory, maxConcurrency: concurrency, provisionedConcurrency: provisioned };
}

/** What SageMaker refuses across variants: serverless alone, async output path, IC hosts' role. */
function checkKindRules(input: Input, variants: readonly VariantSpec[]): void {
  if (variants.some((v) => v.Serverless) && variants.length > 1)
    throw validation('Serverless endpoint configurations support only one production variant.');
  const asyncConfig = optionalObject(input, 'AsyncInferenceConfig');
  if (asyncConfig !== undefined) {
    const output = optionalObject(asyncConfig, 'OutputConfig');
    const path = output === undefined ? undefined : optionalString(output, 'S3OutputPath');
    if (path === undefined || !/^(https|s3):\/\/([^/]+)\/?(.*)$/.test(path))
      throw validation('AsyncInferenceConfig.OutputConfig.S3OutputPath must be an s3:// URI.');
    const failure = output === undefined ? undefined : optionalString(output, 'S3FailurePath');
    if (failure !== undefined && !/^(https|s3):\/\/([^/]+)\/?(.*)$/.test(failure))
      throw validation('AsyncInferenceConfig.OutputConfig.S3FailurePath must be an s3:// URI.');
    if (variants.some((v) => v.Serverless))
      throw validation('Asynchronous inference is not supported with serverless production variants.');
  }
  const hosts = variants.filter((v) => v.ModelName === '');
  if (hosts.length > 0 && optionalString(input, 'ExecutionRoleArn') === undefined)
    throw validation(
      'ExecutionRoleArn is required for an endpoint configuration whose production variants have no ModelName (inference components).',
    );
}

function config(ctx: EmulatorContext, input: Input): EndpointConfigRecord {
  const name = requiredName(input, 'EndpointConfigName');
  const record = ctx.resources.configs.get(name.toLowerCase());
  if (record === undefined) throw notFound(ctx.resources, 'endpoint-config', name);
  return record;
}

export function describeEndpointConfig(input: Input, ctx: EmulatorContext): Input {
  const record = config(ctx, input);
  return {
    ...record.input,
    EndpointConfigName: record.name,
    EndpointConfigArn: record.arn,
    CreationTime: epochSeconds(record.creationTimeMs),
  };
}

export function deleteEndpointConfig(input: Input, ctx: EmulatorContext): Input {
  const record = config(ctx, input);
  ctx.resources.configs.delete(record.name.toLowerCase());
  ctx.resources.tags.delete(record.arn);
  return {};
}

export function listEndpointConfigs(input: Input, ctx: EmulatorContext): Input {
  const { page, nextToken } = listPage(ctx.resources.configs.values(), input, {
    sortBy: ['Name', 'CreationTime'],
    defaultMaxResults: 10,
  });
  return {
    EndpointConfigs: page.map((c) => ({
      EndpointConfigName: c.name,
      EndpointConfigArn: c.arn,
      CreationTime: epochSeconds(c.creationTimeMs),
    })),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}
