/**
 * Waits for a candidate to reach InService with the SDK's own waiter (`waitUntilEndpointInService`),
 * logging each status change with the elapsed time. The waiter's DescribeEndpoint responses are
 * observed through a client middleware that lives only as long as the wait. A Failed endpoint
 * reports SageMaker's FailureReason and the CloudWatch log group to read; a timeout says which
 * setting to raise.
 */
import {
  waitUntilEndpointInService,
  type DescribeEndpointCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { Clock } from '../core/clock.js';
import { formatDuration } from '../core/duration.js';
import { errorMessage, InfrastructureError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { cancellationOf } from './cancel.js';

export interface WaitDeps {
  sagemaker: SageMakerClient;
  logger: Logger;
  clock: Clock;
}

export interface WaitOptions {
  /** Give up (and let the caller tear down) after this long. */
  timeoutMs: number;
  /** Shortest pause between polls; the waiter backs off with jitter up to twice this. */
  pollIntervalMs: number;
  signal?: AbortSignal | undefined;
}

/** The CloudWatch log group SageMaker writes an endpoint's container logs to. */
export function endpointLogGroup(endpointName: string): string {
  return `/aws/sagemaker/Endpoints/${endpointName}`;
}

let observerCount = 0;

/** Resolves once `endpointName` is InService; throws an `InfrastructureError` saying why not. */
export async function waitForInService(
  endpointName: string,
  deps: WaitDeps,
  options: WaitOptions,
): Promise<DescribeEndpointCommandOutput> {
  const startedMs = deps.clock.nowMs();
  const elapsed = () => formatDuration(deps.clock.nowMs() - startedMs);
  let last: DescribeEndpointCommandOutput | undefined;
  const observerName = `perfGateStatusObserver${++observerCount}`;
  deps.sagemaker.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const output = result.output;
      if (context.commandName === 'DescribeEndpointCommand' && 'EndpointStatus' in output) {
        const described = output as DescribeEndpointCommandOutput;
        if (described.EndpointName === endpointName) {
          if (described.EndpointStatus !== last?.EndpointStatus)
            deps.logger.info(
              `Endpoint "${endpointName}": ${described.EndpointStatus ?? 'unknown'} (${elapsed()} elapsed).`,
            );
          last = described;
        }
      }
      return result;
    },
    { step: 'initialize', name: observerName },
  );
  const pollS = options.pollIntervalMs / 1000;
  try {
    await waitUntilEndpointInService(
      {
        client: deps.sagemaker,
        minDelay: pollS,
        maxDelay: pollS * 2,
        // The waiter requires maxWaitTime > minDelay.
        maxWaitTime: Math.max(options.timeoutMs / 1000, pollS * 1.01),
        ...(options.signal ? { abortSignal: options.signal } : {}),
      },
      { EndpointName: endpointName },
    );
    return (
      last ?? ({ EndpointName: endpointName, EndpointStatus: 'InService' } as DescribeEndpointCommandOutput)
    );
  } catch (error) {
    if (options.signal?.aborted) throw cancellationOf(options.signal);
    throw waitFailure(endpointName, error, last, options, elapsed());
  } finally {
    deps.sagemaker.middlewareStack.remove(observerName);
  }
}

function waitFailure(
  endpointName: string,
  error: unknown,
  last: DescribeEndpointCommandOutput | undefined,
  options: WaitOptions,
  elapsed: string,
): InfrastructureError {
  const status = last?.EndpointStatus ?? 'unknown';
  if (status === 'Failed') {
    return new InfrastructureError(
      `Endpoint "${endpointName}" failed to deploy after ${elapsed}: ${last?.FailureReason ?? 'SageMaker gave no reason'}. ` +
        `The container's logs are in the CloudWatch log group ${endpointLogGroup(endpointName)}.`,
    );
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new InfrastructureError(
      `Endpoint "${endpointName}" did not reach InService within ${formatDuration(options.timeoutMs)} (last status: ${status}). ` +
        `If the model needs longer to start, raise \`endpoint.deploy.wait-timeout\` (now ${formatDuration(options.timeoutMs)}); ` +
        `startup logs are in the CloudWatch log group ${endpointLogGroup(endpointName)}.`,
    );
  }
  // The waiter reports other failures as its whole result in JSON: keep the message readable.
  const detail = errorMessage(error);
  return new InfrastructureError(
    `Could not wait for endpoint "${endpointName}" to reach InService (last status: ${status}): ${
      detail.length > 300 ? `${detail.slice(0, 297)}...` : detail
    }`,
    { cause: error },
  );
}
