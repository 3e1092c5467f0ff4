/**
 * The payload digest that goes into the scenario key: what is sent, not how it is encoded.
 * Bodies, weights and per-payload target models count; names, the serializer and batching do not
 * (the request component of the key covers those).
 */
import { createHash } from 'node:crypto';
import type { Payload } from './payload.js';

/** Hex sha256 over every payload's canonical content, weight and target model, in order. */
export function digestPayloads(payloads: readonly Payload[]): string {
  const hash = createHash('sha256');
  for (const payload of payloads) {
    const content =
      payload.body.kind === 'json'
        ? Buffer.from(`json:${JSON.stringify(payload.body.value) ?? 'null'}`, 'utf8')
        : Buffer.concat([Buffer.from('bytes:'), payload.body.bytes]);
    hash.update(`${content.byteLength}\n`);
    hash.update(content);
    hash.update(`\nweight=${payload.weight}\ntarget-model=${payload.targetModel ?? ''}\n`);
  }
  return hash.digest('hex');
}
