/**
 * Faults the emulator injects: error rates on invocations, errors on control-plane calls, failed or
 * slow deployments, slow deletes. Loaded from the scenario and changeable at runtime (tests of the
 * lifecycle code make a delete throttle or a deployment fail for one named resource).
 *
 * Resource patterns are names with `*` wildcards (`perf-gate-*`), matched against the whole name.
 */

/** Probabilities (0..1) of each injected outcome per invocation, and their details. */
export interface InvocationFaultRates {
  /** ThrottlingException before the request reaches a worker. */
  throttle: number;
  /** ServiceUnavailable (503) before the request reaches a worker. */
  serviceUnavailable: number;
  /** InternalFailure (500) before the request reaches a worker. */
  internalFailure: number;
  /** ModelNotReadyException (429) before the request reaches a worker. */
  modelNotReady: number;
  /** ModelError after the model ran (the request used a worker for its service time). */
  modelError: number;
  /** The container's original status carried by injected ModelErrors. Default 500. */
  modelErrorStatus: number;
  /** Streams: probability that a stream breaks with a ModelStreamError after some tokens. */
  streamError: number;
  /** ErrorCode of injected ModelStreamErrors. Default `ModelInvocationTimeExceeded`. */
  streamErrorCode: string;
  /** Streams: probability of an InternalStreamFailure event after some tokens. */
  internalStreamFailure: number;
  /** Streams: probability that a stream ends normally but reports `finish_reason: "error"` in band. */
  inBandError: number;
}

const NO_INVOCATION_FAULTS: Readonly<InvocationFaultRates> = Object.freeze({
  throttle: 0,
  serviceUnavailable: 0,
  internalFailure: 0,
  modelNotReady: 0,
  modelError: 0,
  modelErrorStatus: 500,
  streamError: 0,
  streamErrorCode: 'ModelInvocationTimeExceeded',
  internalStreamFailure: 0,
  inBandError: 0,
});

export interface InvocationFaultRule {
  /** Endpoint name pattern. Default `*`. */
  endpoint?: string;
  rates: Partial<InvocationFaultRates>;
}

/** Makes matching control-plane calls fail with an AWS-style error. */
export interface ControlPlaneFaultRule {
  /** Operation name (`DeleteEndpoint`) or `*`. */
  operation: string;
  /** Pattern of the resource name the call is about (EndpointName, ModelName...). Default `*`. */
  resource?: string;
  /** Error code, e.g. `ThrottlingException`, `InternalFailure`, `ResourceLimitExceeded`. */
  error: string;
  /** Error message. Default: a generic message for the code. */
  message?: string;
  /** HTTP status. Default 400 (500 for InternalFailure / ServiceUnavailable codes). */
  httpStatus?: number;
  /** How many calls fail before the rule expires. Default: unlimited. */
  times?: number;
}

/** Changes what happens when a matching endpoint is deployed (CreateEndpoint / UpdateEndpoint). */
export interface DeploymentFaultRule {
  endpoint: string;
  /** The deployment fails with this FailureReason. */
  failureReason?: string;
  /** Extra time in Creating/Updating, ms. */
  extraDelayMs?: number;
  /** How many deployments it affects. Default: unlimited. */
  times?: number;
}

/** Slows down the deletion of matching endpoints. */
export interface DeletionFaultRule {
  endpoint: string;
  /** Extra time in Deleting, ms. */
  extraDelayMs: number;
}

interface Counted<T> {
  rule: T;
  pattern: RegExp;
  remaining: number;
}

/** Turns a `*` pattern into an anchored regular expression. */
export function namePattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export class FaultRegistry {
  private invocation: { rule: InvocationFaultRule; pattern: RegExp }[] = [];
  private controlPlane: Counted<ControlPlaneFaultRule>[] = [];
  private deployment: Counted<DeploymentFaultRule>[] = [];
  private deletion: { rule: DeletionFaultRule; pattern: RegExp }[] = [];
  private versionCounter = 0;

  /** Changes whenever invocation faults change, so endpoints can cache their resolved rates. */
  get version(): number {
    return this.versionCounter;
  }

  /** Adds invocation fault rates; later rules override earlier ones field by field. */
  addInvocationFaults(rule: InvocationFaultRule): void {
    this.invocation.push({ rule, pattern: namePattern(rule.endpoint ?? '*') });
    this.versionCounter++;
  }

  addControlPlaneFault(rule: ControlPlaneFaultRule): void {
    this.controlPlane.push({
      rule,
      pattern: namePattern(rule.resource ?? '*'),
      remaining: rule.times ?? Infinity,
    });
  }

  addDeploymentFault(rule: DeploymentFaultRule): void {
    this.deployment.push({ rule, pattern: namePattern(rule.endpoint), remaining: rule.times ?? Infinity });
  }

  addDeletionFault(rule: DeletionFaultRule): void {
    this.deletion.push({ rule, pattern: namePattern(rule.endpoint) });
  }

  /** Removes every fault (scenario faults included). */
  clear(): void {
    this.invocation = [];
    this.controlPlane = [];
    this.deployment = [];
    this.deletion = [];
    this.versionCounter++;
  }

  /** The invocation fault rates that apply to an endpoint. */
  invocationRates(endpointName: string): InvocationFaultRates {
    const rates: InvocationFaultRates = { ...NO_INVOCATION_FAULTS };
    for (const { rule, pattern } of this.invocation) {
      if (!pattern.test(endpointName)) continue;
      for (const [key, value] of Object.entries(rule.rates)) {
        if (value !== undefined) (rates as unknown as Record<string, unknown>)[key] = value;
      }
    }
    return rates;
  }

  /** The control-plane fault for this call, if any (consumes one of its `times`). */
  takeControlPlaneFault(
    operation: string,
    resourceName: string | undefined,
  ): ControlPlaneFaultRule | undefined {
    for (const entry of this.controlPlane) {
      if (entry.remaining <= 0) continue;
      if (entry.rule.operation !== '*' && entry.rule.operation !== operation) continue;
      if (!entry.pattern.test(resourceName ?? '')) continue;
      entry.remaining--;
      return entry.rule;
    }
    return undefined;
  }

  /** What happens to a deployment of this endpoint (consumes one of each matching rule's `times`). */
  takeDeploymentFault(endpointName: string): { failureReason?: string; extraDelayMs: number } {
    let extraDelayMs = 0;
    let failureReason: string | undefined;
    for (const entry of this.deployment) {
      if (entry.remaining <= 0 || !entry.pattern.test(endpointName)) continue;
      entry.remaining--;
      extraDelayMs += entry.rule.extraDelayMs ?? 0;
      failureReason ??= entry.rule.failureReason;
    }
    return failureReason === undefined ? { extraDelayMs } : { failureReason, extraDelayMs };
  }

  /** Extra deletion time for this endpoint, ms. */
  deletionDelayMs(endpointName: string): number {
    let total = 0;
    for (const { rule, pattern } of this.deletion) if (pattern.test(endpointName)) total += rule.extraDelayMs;
    return total;
  }
}
