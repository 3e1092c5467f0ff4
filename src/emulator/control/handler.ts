/**
 * The SageMaker control plane (awsJson1_1): `POST /` with `X-Amz-Target: SageMaker.<Operation>`
 * and a JSON body. Unknown operations, malformed JSON and bad members get AWS's errors; injected
 * control-plane faults (FaultRegistry) answer before the operation runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from '../emulator-context.js';
import { amzTarget, type ProtocolHandler } from '../protocol-handler.js';
import {
  createEndpointConfig,
  deleteEndpointConfig,
  describeEndpointConfig,
  listEndpointConfigs,
} from './endpoint-configs.js';
import {
  createEndpoint,
  deleteEndpoint,
  describeEndpoint,
  listEndpoints,
  updateEndpoint,
} from './endpoints.js';
import { ControlPlaneError, writeControlPlaneError } from './errors.js';
import type { Input } from './input.js';
import {
  createInferenceComponent,
  deleteInferenceComponent,
  describeInferenceComponent,
  listInferenceComponents,
  updateInferenceComponentRuntimeConfig,
} from './inference-components.js';
import { createModel, deleteModel, describeModel, listModels } from './models.js';
import { addTags, deleteTags, listTags } from './tags.js';

type Operation = (input: Input, ctx: EmulatorContext) => Input;

/** Every operation the emulator implements. */
const CONTROL_PLANE_OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateModel: createModel,
  DescribeModel: describeModel,
  DeleteModel: deleteModel,
  ListModels: listModels,
  CreateEndpointConfig: createEndpointConfig,
  DescribeEndpointConfig: describeEndpointConfig,
  DeleteEndpointConfig: deleteEndpointConfig,
  ListEndpointConfigs: listEndpointConfigs,
  CreateEndpoint: createEndpoint,
  DescribeEndpoint: describeEndpoint,
  UpdateEndpoint: updateEndpoint,
  DeleteEndpoint: deleteEndpoint,
  ListEndpoints: listEndpoints,
  CreateInferenceComponent: createInferenceComponent,
  DescribeInferenceComponent: describeInferenceComponent,
  UpdateInferenceComponentRuntimeConfig: updateInferenceComponentRuntimeConfig,
  DeleteInferenceComponent: deleteInferenceComponent,
  ListInferenceComponents: listInferenceComponents,
  AddTags: addTags,
  ListTags: listTags,
  DeleteTags: deleteTags,
};

const PREFIX = 'SageMaker.';

export const controlPlaneProtocol: ProtocolHandler = {
  name: 'sagemaker',
  matches(req) {
    if (req.method !== 'POST' || (req.url !== '/' && req.url?.startsWith('/?') !== true)) return false;
    const target = amzTarget(req);
    return target === '' || target.startsWith(PREFIX);
  },
  handle: handleControlPlane,
};

function handleControlPlane(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  ctx: EmulatorContext,
): void {
  const requestId = ctx.nextRequestId();
  try {
    const target = amzTarget(req);
    const name = target.startsWith(PREFIX) ? target.slice(PREFIX.length) : '';
    const operation = Object.hasOwn(CONTROL_PLANE_OPERATIONS, name)
      ? CONTROL_PLANE_OPERATIONS[name]
      : undefined;
    if (operation === undefined)
      throw new ControlPlaneError(
        'UnknownOperationException',
        target === ''
          ? 'Missing X-Amz-Target header.'
          : `Operation ${target} is not supported by the emulator.`,
      );
    const input = parseInput(body);
    const fault = ctx.faults.takeControlPlaneFault(name, subjectOf(input, ctx));
    if (fault !== undefined)
      throw new ControlPlaneError(
        fault.error,
        fault.message ?? defaultMessage(fault.error),
        fault.httpStatus ?? (/InternalFailure|ServiceUnavailable/.test(fault.error) ? 500 : 400),
      );
    const output = JSON.stringify(operation(input, ctx));
    res.writeHead(200, {
      'Content-Type': 'application/x-amz-json-1.1',
      'x-amzn-RequestId': requestId,
      'Content-Length': Buffer.byteLength(output),
    });
    res.end(output);
  } catch (error) {
    if (!(error instanceof ControlPlaneError)) throw error;
    writeControlPlaneError(res, error, requestId);
  }
}

function parseInput(body: Buffer): Input {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ControlPlaneError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ControlPlaneError('SerializationException', 'The request body must be a JSON object.');
  return parsed as Input;
}

/** The resource a call is about, for fault matching: its name member, or the name in ResourceArn. */
function subjectOf(input: Input, ctx: EmulatorContext): string | undefined {
  for (const member of ['InferenceComponentName', 'EndpointName', 'EndpointConfigName', 'ModelName']) {
    const value = input[member];
    if (typeof value === 'string') return value;
  }
  if (typeof input.ResourceArn === 'string') return ctx.resources.resolveArn(input.ResourceArn)?.name;
  return undefined;
}

function defaultMessage(code: string): string {
  if (code === 'ThrottlingException') return 'Rate exceeded';
  if (code === 'ResourceLimitExceeded')
    return 'The account-level service limit has been exceeded. (emulator fault)';
  return `${code} (emulator fault)`;
}
