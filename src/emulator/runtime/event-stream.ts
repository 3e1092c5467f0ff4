/**
 * AWS event-stream framing of InvokeEndpointWithResponseStream bodies, with the SDK's own codec.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);

const str = (value: string) => ({ type: 'string' as const, value });

/** A `PayloadPart` event carrying `bytes`. */
export function payloadPartFrame(bytes: Uint8Array): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': str('event'),
      ':event-type': str('PayloadPart'),
      ':content-type': str('application/octet-stream'),
    },
    body: bytes,
  });
}

/** A modeled stream exception (`ModelStreamError` or `InternalStreamFailure`). */
export function exceptionFrame(
  exceptionType: 'ModelStreamError' | 'InternalStreamFailure',
  members: Record<string, unknown>,
): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': str('exception'),
      ':exception-type': str(exceptionType),
      ':content-type': str('application/json'),
    },
    body: Buffer.from(JSON.stringify(members), 'utf8'),
  });
}
