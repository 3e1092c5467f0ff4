/**
 * What the paired runner's tests share: an emulator with the file's scenario and one load session on
 * it (one worker), opened before the file's tests and closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../../src/config/parse.js';
import type { RunningEmulator, ScenarioInput } from '../../../src/emulator/index.js';
import { openLoadSession, type LoadSession } from '../../../src/load/engine/session.js';
import { resolveRuntimeUrl } from '../../../src/load/invoke/endpoint-url.js';
import { loadPayloads } from '../../../src/load/payloads/load-payloads.js';
import { prepareBodies } from '../../../src/load/payloads/request-bodies.js';
import { credentials, startTestEmulator } from '../../load/harness.js';

export interface PairedSessionFixture {
  emulator: RunningEmulator;
  session: LoadSession;
  /** The runtime target of an endpoint of the scenario. */
  target(endpointName: string): { endpointName: string; region: string; endpointUrl: string };
}

export function pairedSessionFixture(cfg: Config, scenario: ScenarioInput): PairedSessionFixture {
  const fx = {
    target: (endpointName: string) => ({
      endpointName,
      region: 'us-east-1',
      endpointUrl: resolveRuntimeUrl('us-east-1', fx.emulator.env),
    }),
  } as PairedSessionFixture;
  beforeAll(async () => {
    fx.emulator = await startTestEmulator(scenario);
    const payloads = await loadPayloads(cfg.request.payloads, cfg.baseDir);
    prepareBodies(payloads.payloads, cfg.request);
    fx.session = await openLoadSession({ request: cfg.request, payloads, workers: 1 }, { credentials });
  });
  afterAll(async () => {
    await fx.session?.close();
    await fx.emulator?.close();
  });
  return fx;
}
