/**
 * Per-request timing as the emulator recorded it, in a bounded ring (struct of typed arrays, no
 * per-request allocation). The load engine's benchmark subtracts these from its own measurements
 * to find the latency the generator itself added.
 */
import type { Outcome } from './outcomes.js';
import { OUTCOMES } from './outcomes.js';

/** One runtime request as the emulator saw it. */
export interface RequestRecord {
  /** The `x-amzn-RequestId` the response carried. */
  requestId: string;
  endpointName: string;
  /** Variant that served it ('' when none was chosen). */
  variantName: string;
  operation: 'InvokeEndpoint' | 'InvokeEndpointWithResponseStream';
  outcome: Outcome;
  /** Monotonic arrival (request fully read), µs on the emulator's time base. */
  arrivalUs: number;
  /** Time waiting for a worker, µs. */
  queueUs: number;
  /** Modelled (or, for a proxied container, measured) service time, µs. For streams: until the last token. */
  serviceUs: number;
  /** Arrival to the response's last byte handed to the socket, µs. */
  residenceUs: number;
  /** Streams: arrival to the first PayloadPart handed to the socket, µs (-1 otherwise). */
  firstByteUs: number;
}

/** A ring buffer of the last `capacity` requests. */
export class RequestLog {
  readonly capacity: number;
  private readonly ids: string[];
  private readonly endpoints: string[];
  private readonly variants: string[];
  private readonly ops: Uint8Array;
  private readonly outcomes: Uint8Array;
  private readonly numbers: Float64Array;
  private written = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(0, Math.floor(capacity));
    this.ids = new Array<string>(this.capacity);
    this.endpoints = new Array<string>(this.capacity);
    this.variants = new Array<string>(this.capacity);
    this.ops = new Uint8Array(this.capacity);
    this.outcomes = new Uint8Array(this.capacity);
    this.numbers = new Float64Array(this.capacity * 5);
  }

  /** Total requests recorded since start (including those the ring dropped). */
  get total(): number {
    return this.written;
  }

  record(
    requestId: string,
    endpointName: string,
    variantName: string,
    streaming: boolean,
    outcome: Outcome,
    arrivalUs: number,
    queueUs: number,
    serviceUs: number,
    residenceUs: number,
    firstByteUs: number,
  ): void {
    if (this.capacity === 0) return;
    const i = this.written % this.capacity;
    this.written++;
    this.ids[i] = requestId;
    this.endpoints[i] = endpointName;
    this.variants[i] = variantName;
    this.ops[i] = streaming ? 1 : 0;
    this.outcomes[i] = OUTCOMES.indexOf(outcome);
    const o = i * 5;
    this.numbers[o] = arrivalUs;
    this.numbers[o + 1] = queueUs;
    this.numbers[o + 2] = serviceUs;
    this.numbers[o + 3] = residenceUs;
    this.numbers[o + 4] = firstByteUs;
  }

  /** The retained records, oldest first, optionally for one endpoint. */
  records(endpointName?: string): RequestRecord[] {
    const out: RequestRecord[] = [];
    const n = Math.min(this.written, this.capacity);
    const first = this.written - n;
    for (let k = first; k < this.written; k++) {
      const i = k % this.capacity;
      if (endpointName !== undefined && this.endpoints[i] !== endpointName) continue;
      const o = i * 5;
      out.push({
        requestId: this.ids[i] as string,
        endpointName: this.endpoints[i] as string,
        variantName: this.variants[i] as string,
        operation: this.ops[i] === 1 ? 'InvokeEndpointWithResponseStream' : 'InvokeEndpoint',
        outcome: OUTCOMES[this.outcomes[i] as number] as Outcome,
        arrivalUs: this.numbers[o] as number,
        queueUs: this.numbers[o + 1] as number,
        serviceUs: this.numbers[o + 2] as number,
        residenceUs: this.numbers[o + 3] as number,
        firstByteUs: this.numbers[o + 4] as number,
      });
    }
    return out;
  }

  /** Forgets everything recorded so far. */
  clear(): void {
    this.written = 0;
  }
}
