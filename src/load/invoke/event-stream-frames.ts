/**
 * Reassembles AWS event stream messages from response chunks (a message can span chunks, and a
 * chunk can hold several messages) and decodes them with the SDK's own codec, which checks both
 * CRCs. What a message means for SageMaker (PayloadPart, ModelStreamError, …) is read here too.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { Message } from '@smithy/types';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);

/** A SageMaker response-stream event. */
export type StreamEvent =
  | { readonly kind: 'part'; readonly bytes: Uint8Array }
  | { readonly kind: 'error'; readonly name: string; readonly message: string }
  | { readonly kind: 'other' };

export class EventStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);

  /** Events completed by this chunk. Throws on a corrupt frame (bad length or CRC). */
  push(chunk: Uint8Array): StreamEvent[] {
    this.buffer = this.buffer.byteLength === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const events: StreamEvent[] = [];
    while (this.buffer.byteLength >= 4) {
      const total = this.buffer.readUInt32BE(0);
      if (total < 16) throw new Error(`corrupt event stream frame (length ${total})`);
      if (this.buffer.byteLength < total) break;
      events.push(toEvent(codec.decode(this.buffer.subarray(0, total))));
      this.buffer = this.buffer.subarray(total);
    }
    return events;
  }

  /** Bytes of an unfinished frame at the end of the stream (0 when it ended cleanly). */
  get leftoverBytes(): number {
    return this.buffer.byteLength;
  }
}

function header(message: Message, name: string): string | undefined {
  const value = message.headers[name];
  return value && value.type === 'string' ? value.value : undefined;
}

function toEvent(message: Message): StreamEvent {
  const type = header(message, ':message-type');
  if (type === 'event') {
    return header(message, ':event-type') === 'PayloadPart'
      ? { kind: 'part', bytes: message.body }
      : { kind: 'other' };
  }
  const name = header(message, ':exception-type') ?? header(message, ':error-code') ?? 'StreamError';
  const text = Buffer.from(message.body).toString('utf8');
  let detail = header(message, ':error-message') ?? text;
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null) {
      const record = body as Record<string, unknown>;
      const m = record.Message ?? record.message;
      if (typeof m === 'string') detail = m;
    }
  } catch {
    // not JSON: keep the raw text
  }
  return { kind: 'error', name, message: detail };
}
