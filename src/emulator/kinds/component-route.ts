/**
 * Routing a runtime request on an endpoint that hosts inference components: the
 * `X-Amzn-SageMaker-Inference-Component` header names the component; SageMaker's answers when it is
 * missing, not allowed, unknown, not in service, or has no copy (scale to zero).
 */
import type { EmulatorContext } from '../emulator-context.js';
import type { DeployedEndpoint, DeployedVariant } from '../state/deployed.js';
import { componentHasCapacity } from './components.js';
import { recordNoCapacity } from './kind-metrics.js';

export type ComponentRoute = { variant: DeployedVariant } | { error: string; noCapacity: boolean };

/** The component's variant for this request, or the ValidationError message to answer. */
export function routeToComponent(
  ctx: EmulatorContext,
  endpoint: DeployedEndpoint,
  componentName: string | undefined,
  nowUs: number,
): ComponentRoute {
  if (componentName === undefined)
    return {
      error:
        'Inference Component Name header is required for endpoints to which you plan to deploy inference components. Please include Inference Component Name header or consider using SageMaker models.',
      noCapacity: false,
    };
  if (!endpoint.componentHost)
    return {
      error:
        'Inference Component Name header is not allowed for endpoints to which you dont plan to deploy inference components. Please remove the Inference Component Name header and try again.',
      noCapacity: false,
    };
  const record = ctx.resources.components.get(componentName.toLowerCase());
  if (record === undefined || record.endpointName.toLowerCase() !== endpoint.name.toLowerCase())
    return {
      error: `Inference Component ${componentName} not found for endpoint ${endpoint.name}.`,
      noCapacity: false,
    };
  const deployed = record.deployed;
  if (deployed === undefined)
    return {
      error: `Inference Component ${componentName} is ${record.status}, not InService.`,
      noCapacity: false,
    };
  if (!componentHasCapacity(ctx, record, deployed, nowUs)) {
    recordNoCapacity(ctx, record.name, nowUs);
    return {
      error:
        'Inference Component has no capacity to process this request. ApplicationAutoScaling may be in-progress (if configured) or try to increase the capacity by invoking UpdateInferenceComponentRuntimeConfig API.',
      noCapacity: true,
    };
  }
  return { variant: deployed.variant };
}
