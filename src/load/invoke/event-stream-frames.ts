/**
 * Reassembles AWS event stream messages from response chunks (a message can span chunks, and a
 * chunk can hold several messages) and decodes them with a lean reader of the prelude and headers
 * that checks both CRCs, as the SDK's codec does (and refuses the same malformed frames). What a
 * message means for SageMaker (PayloadPart, ModelStreamError, …) is read here too.
 *
 * A part's `bytes` may be a view of the chunk it arrived in: read it before the chunk is reused.
 */
import * as zlib from 'node:zlib';

/** A SageMaker response-stream event. */
export type StreamEvent =
  | { readonly kind: 'part'; readonly bytes: Uint8Array }
  | { readonly kind: 'error'; readonly name: string; readonly message: string }
  | { readonly kind: 'other' };

const PRELUDE = 8;
const CHECKSUM = 4;
const MINIMUM_MESSAGE = PRELUDE + 2 * CHECKSUM;
const OTHER: StreamEvent = Object.freeze({ kind: 'other' });

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE), table driven: the fallback when node:zlib has no crc32 (Node < 20.15). */
export function tableCrc32(bytes: Uint8Array, start: number, end: number): number {
  let crc = -1;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 of `bytes[start, end)`: node:zlib's native one when there is one. */
function crc32(bytes: Buffer, start: number, end: number): number {
  return nativeCrc32 ? nativeCrc32(bytes.subarray(start, end)) : tableCrc32(bytes, start, end);
}

export class EventStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);

  /** Events completed by this chunk. Throws on a corrupt frame (bad length, CRC or header). */
  push(chunk: Uint8Array): StreamEvent[] {
    let buffer: Buffer;
    if (this.buffer.byteLength === 0) buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else buffer = Buffer.concat([this.buffer, chunk]);
    const events: StreamEvent[] = [];
    let at = 0;
    const length = buffer.byteLength;
    while (length - at >= 4) {
      const total = buffer.readUInt32BE(at);
      if (total < 16) throw new Error(`corrupt event stream frame (length ${total})`);
      if (length - at < total) break;
      events.push(decodeFrame(buffer, at, total));
      at += total;
    }
    // Keep the unfinished frame's bytes as our own copy: the chunk may be reused by its owner.
    this.buffer = at === length ? EMPTY : Buffer.from(buffer.subarray(at));
    return events;
  }

  /** Bytes of an unfinished frame at the end of the stream (0 when it ended cleanly). */
  get leftoverBytes(): number {
    return this.buffer.byteLength;
  }
}

const EMPTY = Buffer.alloc(0);

/** The string header values a SageMaker event is told apart by. */
interface Headers {
  messageType: string | undefined;
  eventType: string | undefined;
  exceptionType: string | undefined;
  errorCode: string | undefined;
  errorMessage: string | undefined;
}

/** Decodes the message of `total` bytes at `start` (prelude, headers, body, both CRCs checked). */
function decodeFrame(buffer: Buffer, start: number, total: number): StreamEvent {
  if (total < MINIMUM_MESSAGE)
    throw new Error('Provided message too short to accommodate event stream message overhead');
  const headersLength = buffer.readUInt32BE(start + 4);
  const end = start + total;
  const preludeCrc = buffer.readUInt32BE(start + PRELUDE);
  if (preludeCrc !== crc32(buffer, start, start + PRELUDE))
    throw new Error(
      `The prelude checksum specified in the message (${preludeCrc}) does not match the calculated CRC32 checksum (${crc32(buffer, start, start + PRELUDE)})`,
    );
  const messageCrc = buffer.readUInt32BE(end - CHECKSUM);
  if (messageCrc !== crc32(buffer, start, end - CHECKSUM))
    throw new Error(
      `The message checksum (${crc32(buffer, start, end - CHECKSUM)}) did not match the expected value of ${messageCrc}`,
    );
  const headersStart = start + PRELUDE + CHECKSUM;
  const bodyStart = headersStart + headersLength;
  if (bodyStart > end - CHECKSUM) throw new Error('event stream headers overrun the message');
  const headers = readHeaders(buffer, headersStart, bodyStart);
  const body = buffer.subarray(bodyStart, end - CHECKSUM);
  if (headers.messageType === 'event')
    return headers.eventType === 'PayloadPart' ? { kind: 'part', bytes: body } : OTHER;
  const name = headers.exceptionType ?? headers.errorCode ?? 'StreamError';
  const text = body.toString('utf8');
  let detail = headers.errorMessage ?? text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      const m = record.Message ?? record.message;
      if (typeof m === 'string') detail = m;
    }
  } catch {
    // not JSON: keep the raw text
  }
  return { kind: 'error', name, message: detail };
}

/** Header names compared byte for byte, so a PayloadPart costs no string decoding. */
const MESSAGE_TYPE = Buffer.from(':message-type');
const EVENT_TYPE = Buffer.from(':event-type');
const EXCEPTION_TYPE = Buffer.from(':exception-type');
const ERROR_CODE = Buffer.from(':error-code');
const ERROR_MESSAGE = Buffer.from(':error-message');
const EVENT = Buffer.from('event');
const PAYLOAD_PART = Buffer.from('PayloadPart');

function sameBytes(buffer: Buffer, at: number, length: number, expected: Buffer): boolean {
  if (length !== expected.byteLength) return false;
  for (let i = 0; i < length; i++) if (buffer[at + i] !== expected[i]) return false;
  return true;
}

/** Fixed value sizes of the event stream header types 0–9 (-1: length-prefixed, 6 and 7). */
const VALUE_SIZE = [0, 0, 1, 2, 4, 8, -1, -1, 8, 16];

function readHeaders(buffer: Buffer, start: number, end: number): Headers {
  const headers: Headers = {
    messageType: undefined,
    eventType: undefined,
    exceptionType: undefined,
    errorCode: undefined,
    errorMessage: undefined,
  };
  let at = start;
  while (at < end) {
    const nameLength = buffer[at]!;
    const nameAt = at + 1;
    at = nameAt + nameLength;
    if (at >= end) throw new Error('event stream header overruns the headers');
    const type = buffer[at++]!;
    const fixed = VALUE_SIZE[type];
    if (fixed === undefined) throw new Error(`Unrecognized header type tag: ${type}`);
    if (fixed >= 0) {
      at += fixed;
      if (at > end) throw new Error('event stream header overruns the headers');
      continue;
    }
    if (at + 2 > end) throw new Error('event stream header overruns the headers');
    const valueLength = buffer.readUInt16BE(at);
    const valueAt = at + 2;
    at = valueAt + valueLength;
    if (at > end) throw new Error('event stream header overruns the headers');
    if (type !== 7) continue; // byte arrays: not read
    if (sameBytes(buffer, nameAt, nameLength, MESSAGE_TYPE)) {
      headers.messageType = sameBytes(buffer, valueAt, valueLength, EVENT)
        ? 'event'
        : buffer.toString('utf8', valueAt, at);
    } else if (sameBytes(buffer, nameAt, nameLength, EVENT_TYPE)) {
      headers.eventType = sameBytes(buffer, valueAt, valueLength, PAYLOAD_PART)
        ? 'PayloadPart'
        : buffer.toString('utf8', valueAt, at);
    } else if (sameBytes(buffer, nameAt, nameLength, EXCEPTION_TYPE)) {
      headers.exceptionType = buffer.toString('utf8', valueAt, at);
    } else if (sameBytes(buffer, nameAt, nameLength, ERROR_CODE)) {
      headers.errorCode = buffer.toString('utf8', valueAt, at);
    } else if (sameBytes(buffer, nameAt, nameLength, ERROR_MESSAGE)) {
      headers.errorMessage = buffer.toString('utf8', valueAt, at);
    }
  }
  return headers;
}
