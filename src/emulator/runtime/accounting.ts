/**
 * What every finished runtime request leaves behind: the endpoint's outcome counters, the variant's
 * CloudWatch series and the request log. One place, so the three always agree.
 */
import type { EmulatorContext } from '../emulator-context.js';
import { recordComponentInvocation } from '../kinds/kind-metrics.js';
import type { Outcome } from '../introspection/outcomes.js';
import { HttpClass } from '../metrics/series.js';
import type { DeployedEndpoint, DeployedVariant } from '../state/deployed.js';

/** The request-scoped facts accounting needs. */
export interface AccountedRequest {
  readonly requestId: string;
  readonly endpointName: string;
  readonly streaming: boolean;
  readonly arrivalUs: number;
  /** The inference component serving it, when the endpoint hosts components. */
  inferenceComponent?: string | undefined;
}

/** CloudWatch error class of each outcome (in-band errors are HTTP 200: invisible server side). */
const HTTP_CLASS: Record<Outcome, HttpClass> = {
  ok: HttpClass.Ok,
  throttled: HttpClass.Client,
  modelError: HttpClass.Client, // refined by the original status below
  serviceUnavailable: HttpClass.Server,
  internalFailure: HttpClass.Server,
  modelNotReady: HttpClass.Client,
  validationError: HttpClass.Client,
  modelStreamError: HttpClass.Server,
  internalStreamFailure: HttpClass.Server,
  inBandError: HttpClass.Ok,
  clientAborted: HttpClass.Ok,
};

/**
 * Records a finished request.
 * @param serviceUs modelled service time, or -1 when the model never saw the request
 * @param queueUs time spent waiting for a worker (0 when it never queued)
 * @param firstByteUs streams: arrival → first PayloadPart written, else -1
 * @param originalStatus ModelError: the container's status
 */
export function accountRequest(
  ctx: EmulatorContext,
  request: AccountedRequest,
  endpoint: DeployedEndpoint | undefined,
  variant: DeployedVariant | undefined,
  outcome: Outcome,
  serviceUs: number,
  queueUs: number,
  firstByteUs = -1,
  originalStatus = 0,
): void {
  const nowUs = ctx.time.nowUs();
  const residenceUs = nowUs - request.arrivalUs;
  if (endpoint !== undefined) {
    const counts = endpoint.outcomes;
    counts[outcome]++;
    if (outcome === 'modelError')
      counts.modelErrorByStatus[originalStatus] = (counts.modelErrorByStatus[originalStatus] ?? 0) + 1;
  } else {
    ctx.outcomes.countersFor(request.endpointName)[outcome]++;
  }
  if (variant !== undefined) {
    const httpClass =
      outcome === 'modelError'
        ? originalStatus >= 500
          ? HttpClass.Server
          : HttpClass.Client
        : HTTP_CLASS[outcome];
    const overheadUs = residenceUs - (serviceUs > 0 ? serviceUs : 0);
    variant.series.recordInvocation(nowUs, httpClass, serviceUs, overheadUs > 0 ? overheadUs : 0);
    if (request.inferenceComponent !== undefined)
      recordComponentInvocation(ctx, request.inferenceComponent, nowUs, {
        httpClass,
        modelLatencyUs: serviceUs,
        overheadUs: overheadUs > 0 ? overheadUs : 0,
      });
  }
  ctx.requestLog.record(
    request.requestId,
    request.endpointName,
    variant === undefined ? '' : variant.name,
    request.streaming,
    outcome,
    request.arrivalUs,
    queueUs,
    serviceUs < 0 ? 0 : serviceUs,
    residenceUs,
    firstByteUs,
  );
}
