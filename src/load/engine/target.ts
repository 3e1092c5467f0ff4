/** The endpoint a run sends load to, and the invocation settings derived from it and `request:`. */
import type { RequestConfig } from '../../config/request-schema.js';
import type { AsyncInvocationSpec } from '../invoke/async-invoker.js';
import type { InvocationSpec } from '../invoke/invoker.js';

export interface LoadTarget {
  readonly endpointName: string;
  readonly region: string;
  /** SageMaker Runtime base URL (`resolveRuntimeUrl(region, env)`). */
  readonly endpointUrl: string;
  /** X-Amzn-SageMaker-Target-Variant. Default: SageMaker's weighted routing. */
  readonly variant?: string | undefined;
  /** The candidate inference component (wins over `request.inference-component`). */
  readonly inferenceComponent?: string | undefined;
  /** Asynchronous endpoints: S3 input path and polling (InvokeEndpointAsync). */
  readonly async?: AsyncInvocationSpec | undefined;
}

/** @param tokenizerPath `request.tokenizer` resolved (see `PayloadSet.tokenizerPath`) */
export function invocationSpecFor(
  target: LoadTarget,
  request: RequestConfig,
  tokenizerPath?: string,
): InvocationSpec {
  return {
    endpointUrl: target.endpointUrl,
    endpointName: target.endpointName,
    region: target.region,
    contentType: request.contentType,
    accept: request.accept,
    customAttributes: request.customAttributes,
    targetVariant: target.variant,
    targetContainer: request.targetContainer,
    inferenceComponent: target.inferenceComponent ?? request.inferenceComponent,
    stream: request.stream,
    streamFormat: request.streamFormat,
    llmFormat: request.format,
    tokenizerPath,
    timeoutMs: request.timeoutMs,
    expect: request.expect,
    ...(target.async === undefined ? {} : { async: target.async }),
  };
}
