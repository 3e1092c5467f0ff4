/**
 * What the emulator answered, counted per endpoint by class — so a test can compare a client's
 * classification of its failures with what was really produced, exactly.
 */

/** Outcome classes of one runtime request. */
export const OUTCOMES = [
  /** 200 with a complete body or a complete stream. */
  'ok',
  /** ThrottlingException (overfull queue or injected). */
  'throttled',
  /** ModelError; see `modelErrorByStatus` for the container's original status. */
  'modelError',
  'serviceUnavailable',
  'internalFailure',
  'modelNotReady',
  /** ValidationError for a request that named an existing endpoint (bad header, payload too large...). */
  'validationError',
  /** A stream that ended with a ModelStreamError event. */
  'modelStreamError',
  /** A stream that ended with an InternalStreamFailure event. */
  'internalStreamFailure',
  /** A stream that completed with HTTP 200 but reported `finish_reason: "error"` in band. */
  'inBandError',
  /** The client went away before the response was complete. */
  'clientAborted',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Counts of one endpoint's outcomes. */
export type OutcomeCounts = Record<Outcome, number> & {
  /** ModelError count by the container's original HTTP status. */
  modelErrorByStatus: Record<number, number>;
};

function emptyOutcomeCounts(): OutcomeCounts {
  const counts = { modelErrorByStatus: {} } as OutcomeCounts;
  for (const outcome of OUTCOMES) counts[outcome] = 0;
  return counts;
}

/** Outcome counters of every endpoint name (kept across re-creations of the same name). */
export class OutcomeRegistry {
  private readonly byEndpoint = new Map<string, OutcomeCounts>();

  /** The live counters of an endpoint (created on first use). */
  countersFor(endpointName: string): OutcomeCounts {
    let counts = this.byEndpoint.get(endpointName);
    if (counts === undefined) {
      counts = emptyOutcomeCounts();
      this.byEndpoint.set(endpointName, counts);
    }
    return counts;
  }

  /** A copy of the counters of one endpoint (zeros if it never answered). */
  snapshot(endpointName: string): OutcomeCounts {
    const live = this.byEndpoint.get(endpointName) ?? emptyOutcomeCounts();
    return { ...live, modelErrorByStatus: { ...live.modelErrorByStatus } };
  }

  /** Copies of every endpoint's counters. */
  all(): Record<string, OutcomeCounts> {
    const out: Record<string, OutcomeCounts> = {};
    for (const name of this.byEndpoint.keys()) out[name] = this.snapshot(name);
    return out;
  }

  /** Zeroes every counter in place (live deployments keep their references). */
  reset(): void {
    for (const counts of this.byEndpoint.values()) {
      for (const outcome of OUTCOMES) counts[outcome] = 0;
      counts.modelErrorByStatus = {};
    }
  }
}
