import { describe, expect, it } from 'vitest';
import { costPerMillionUsd, hourlyPrice, runCostUsd } from '../../src/cost/prices.js';

describe('prices', () => {
  it('looks up the table with a regional factor and honours overrides', () => {
    expect(hourlyPrice('ml.g5.xlarge', 'us-east-1')).toEqual({ hourlyUsd: 1.408, source: 'table' });
    expect(hourlyPrice('ml.g5.xlarge', 'eu-central-1')?.hourlyUsd).toBeCloseTo(1.6896, 4);
    expect(hourlyPrice('ml.g5.xlarge', 'xx-nowhere-1')?.source).toMatch(/no regional factor/);
    expect(hourlyPrice('ml.unknown.big', 'us-east-1')).toBeUndefined();
    expect(hourlyPrice('ml.unknown.big', 'us-east-1', 3)).toEqual({ hourlyUsd: 3, source: 'override' });
  });

  it('computes cost per million inferences and run cost', () => {
    // 2 instances at $1.408/h serving 100 req/s: 360,000 inferences per hour cost $2.816.
    expect(costPerMillionUsd(1.408, 2, 100)).toBeCloseTo((2.816 / 360_000) * 1e6, 9);
    expect(costPerMillionUsd(1.408, 2, 0)).toBeUndefined();
    expect(runCostUsd(3.6, 1, 10 * 60_000)).toBeCloseTo(0.6, 9);
  });
});
