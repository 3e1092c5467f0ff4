/**
 * A generating model serves at most `EMULATOR_MAX_SEQUENCES` sequences at once per instance; the
 * requests beyond it wait for a sequence to finish, so their time to first token grows by about one
 * request's duration. Checked on the emulator's own per-request record (arrival, queue wait, service
 * time, first byte) and its model time, never on tight wall-clock bounds: the queued requests start
 * exactly when the first ones' last tokens were due, whatever the machine's load.
 */
import {
  InvokeEndpointWithResponseStreamCommand,
  type InvokeEndpointWithResponseStreamCommandOutput,
} from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/emulator/index.js';
import { startHarness, type Harness } from './support.js';

// One request lasts 800 ms (model time): far longer than the spread of four concurrent sends on a
// busy machine, so the last two always arrive while the first two are still generating.
const TTFT_MS = 400;
const INTER_TOKEN_MS = 100;
const TOKENS = 5;
const MAX_SEQUENCES = 2;

const scenario: ScenarioInput = {
  // Plenty of workers on the profile: the limit here is the model's own sequences.
  'instance-profiles': { 'ml.g5.xlarge': { median: '1ms', sigma: 0, workers: 16, queue: 16 } },
  streaming: {
    'inter-token': `${INTER_TOKEN_MS}ms`,
    'inter-token-sigma': 0,
    tokens: TOKENS,
    'decode-slowdown': 0,
  },
  models: {
    llm: {
      environment: {
        EMULATOR_RESPONSE: 'generate',
        EMULATOR_STREAM_FORMAT: 'sse',
        EMULATOR_TTFT_MS: String(TTFT_MS),
        EMULATOR_MAX_SEQUENCES: String(MAX_SEQUENCES),
      },
    },
  },
  endpoints: { llm: { variants: [{ model: 'llm', 'instance-type': 'ml.g5.xlarge', 'instance-count': 1 }] } },
};

async function drain(out: InvokeEndpointWithResponseStreamCommandOutput): Promise<number> {
  let parts = 0;
  for await (const event of out.Body ?? []) if (event.PayloadPart?.Bytes) parts++;
  return parts;
}

describe('max concurrent sequences of a generating model', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario });
  });
  afterAll(() => h.close());

  it('queues the requests beyond the limit: they start as earlier ones finish, their TTFT one request later', async () => {
    h.emulator.resetRecords();
    const requests = 2 * MAX_SEQUENCES;
    const parts = await Promise.all(
      Array.from({ length: requests }, () =>
        h.runtime
          .send(
            new InvokeEndpointWithResponseStreamCommand({
              EndpointName: 'llm',
              Body: Buffer.from(JSON.stringify({ inputs: 'a b c', parameters: { max_new_tokens: TOKENS } })),
              ContentType: 'application/json',
            }),
          )
          .then(drain),
      ),
    );
    expect(parts.every((n) => n >= TOKENS)).toBe(true);

    const records = h.emulator.requests('llm');
    expect(records).toHaveLength(requests);
    expect(records.every((r) => r.outcome === 'ok')).toBe(true);
    const byStart = records
      .map((r) => ({ ...r, startUs: r.arrivalUs + r.queueUs, endUs: r.arrivalUs + r.queueUs + r.serviceUs }))
      .sort((a, b) => a.startUs - b.startUs);
    const arrivalSpreadUs =
      Math.max(...records.map((r) => r.arrivalUs)) - Math.min(...records.map((r) => r.arrivalUs));
    const first = byStart.slice(0, MAX_SEQUENCES);
    const queued = byStart.slice(MAX_SEQUENCES);

    // At most MAX_SEQUENCES in flight at any moment (model time): every start finds fewer running
    // (a sequence ending exactly then has freed its place; 1 ns absorbs floating-point rounding).
    for (const r of byStart) {
      const running = byStart.filter((o) => o !== r && o.startUs <= r.startUs && o.endUs > r.startUs + 0.001);
      expect(running.length, `at ${r.startUs} µs`).toBeLessThan(MAX_SEQUENCES);
    }
    // The first ones never waited; each queued one started exactly when a first one finished.
    for (const r of first) expect(r.queueUs).toBe(0);
    const firstEnds = first.map((r) => r.endUs).sort((a, b) => a - b);
    queued.forEach((r, i) => {
      expect(r.queueUs, `arrival spread ${arrivalSpreadUs} µs`).toBeGreaterThan(0);
      expect(r.startUs).toBeCloseTo(firstEnds[i]!, 3);
    });

    // One request's duration: the modelled TTFT plus the decode steps (no slowdown configured).
    const durationUs = (TTFT_MS + (TOKENS - 1) * INTER_TOKEN_MS) * 1000;
    for (const r of first) expect(r.serviceUs).toBeCloseTo(durationUs, 0);
    // The queued requests' TTFT (arrival → first PayloadPart, as the emulator wrote it) holds their
    // wait in full, and that wait is one request's duration less how much later they arrived.
    for (const r of queued) {
      expect(r.firstByteUs).toBeGreaterThanOrEqual(r.queueUs + TTFT_MS * 1000);
      expect(r.queueUs).toBeGreaterThanOrEqual(durationUs - arrivalSpreadUs - 1);
      expect(r.queueUs).toBeLessThanOrEqual(durationUs + 1);
    }
    // So a queued request's TTFT exceeds the modelled TTFT by about one request's duration (timer
    // lateness on a busy machine only ever adds to the first byte, so no upper bound on wall time).
    for (const r of first) expect(r.firstByteUs).toBeGreaterThanOrEqual(TTFT_MS * 1000);
    for (const r of queued)
      expect(r.firstByteUs - TTFT_MS * 1000).toBeGreaterThanOrEqual(durationUs - arrivalSpreadUs - 1);
  });
});
