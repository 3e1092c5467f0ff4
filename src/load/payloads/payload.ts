/**
 * The payload vocabulary: what a loaded payload is, before any serializer or batching turns it
 * into request bytes. Loading, digesting and serializing live in their own files.
 */

/** SageMaker's real-time payload limit (6 MB). */
export const MAX_BODY_BYTES = 6_291_456;

/** A JSON value (from JSON sources or inline `json:`), with the text it was written as. */
export interface JsonBody {
  readonly kind: 'json';
  readonly value: unknown;
  /** The text as given (a JSON Lines line, or the compact serialization of an inline value). */
  readonly text: string;
}

/** Bytes sent as they are (raw files, `text:`, `base64:`). */
export interface BytesBody {
  readonly kind: 'bytes';
  readonly bytes: Uint8Array;
}

export type PayloadBody = JsonBody | BytesBody;

/** One payload of the set. */
export interface Payload {
  /** Label used in messages and reports (file name, `line 3`, inline `name:` or position). */
  readonly name: string;
  /** Where it came from, for error messages (`payloads.jsonl:12`, `request.payloads[2]`). */
  readonly source: string;
  readonly body: PayloadBody;
  /** Weight for `selection: weighted` (1 unless given). */
  readonly weight: number;
  /** Per-payload X-Amzn-SageMaker-Target-Model. */
  readonly targetModel?: string;
}

/** The resolved payload set of a run. */
export interface PayloadSet {
  readonly payloads: readonly Payload[];
  /** sha256 over bodies, weights and per-payload target models (see `digestPayloads`). */
  readonly digest: string;
  /** `request.tokenizer`, resolved (absolute, inside the workspace), when one is configured. */
  readonly tokenizerPath?: string;
}
