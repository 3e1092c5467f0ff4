/**
 * `load.max-client-delay`: one limit for the generator's send lag and event-loop delay, parsed from
 * the config, carried by the load profile and applied by the client-health judgement (the CPU limit
 * stays).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.js';
import { assessClientHealth } from '../../src/metrics/client-health.js';

const worker = (eventLoopDelayP99Ms: number, cpuPct = 40) => ({
  cpuPct,
  eventLoopDelayP99Ms,
  eventLoopDelayMaxMs: eventLoopDelayP99Ms,
});

describe('load.max-client-delay', () => {
  it('replaces the built-in delay limits, not the CPU limit', () => {
    // 30 ms of event-loop delay and 10 ms of send lag: saturated by the built-in 20 ms and 2 ms ...
    const builtIn = assessClientHealth([worker(30)], 10, 2);
    expect(builtIn.saturated).toBe(true);
    expect(builtIn.warnings[0]).toMatch(
      /send lag 10\.0 ms \(limit 2 ms\).*event-loop delay 30\.0 ms \(limit 20 ms\)/,
    );
    expect(builtIn.warnings[0]).toContain('load.max-client-delay');
    // ... accepted under 50 ms, flagged again beyond it, and a busy CPU still counts.
    expect(assessClientHealth([worker(30)], 10, 2, 50).saturated).toBe(false);
    expect(assessClientHealth([worker(60)], 10, 2, 50).warnings[0]).toMatch(
      /event-loop delay 60\.0 ms \(limit 50 ms\)/,
    );
    expect(assessClientHealth([worker(30, 97)], 10, 2, 50).warnings[0]).toMatch(/97 % of a core/);
    // A stricter limit is a stricter limit.
    expect(assessClientHealth([worker(0)], 1.5, 2, 1).saturated).toBe(true);
  });

  it('is parsed as a duration and left out by default', () => {
    const base = {
      endpoint: { name: 'e', region: 'us-east-1' },
      request: { payloads: [{ json: {} }] },
      load: { stages: [{ duration: '1s', target: 1 }] },
    };
    expect(parseConfig(base, { env: {} }).load.maxClientDelayMs).toBeUndefined();
    const set = { ...base, load: { ...base.load, 'max-client-delay': '50ms' } };
    expect(parseConfig(set, { env: {} }).load.maxClientDelayMs).toBe(50);
    const zero = { ...base, load: { ...base.load, 'max-client-delay': '0s' } };
    expect(() => parseConfig(zero, { env: {} })).toThrow(/load\.max-client-delay/);
  });
});
