import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/logger.js';
import { seededRandom } from '../../src/core/random.js';
import { fullJitterDelayMs, retry } from '../../src/endpoint/retry.js';

function recordingSleep() {
  const slept: number[] = [];
  return { slept, sleep: async (ms: number) => void slept.push(ms) };
}

class Throttled extends Error {
  override name = 'ThrottlingException';
}

describe('retry', () => {
  it('draws full-jitter delays between 0 and the capped exponential', () => {
    const random = seededRandom(1);
    for (let retryNumber = 1; retryNumber <= 12; retryNumber++) {
      for (let i = 0; i < 50; i++) {
        const ms = fullJitterDelayMs(retryNumber, random, 100, 5_000);
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(Math.min(5_000, 100 * 2 ** (retryNumber - 1)));
      }
    }
  });

  it('retries retryable errors with a log line per failed attempt, then returns', async () => {
    const { slept, sleep } = recordingSleep();
    const logger = memoryLogger();
    let calls = 0;
    const value = await retry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new Throttled('Rate exceeded');
        return 'ok';
      },
      {
        what: 'delete model "m"',
        retryable: (e) => e instanceof Throttled,
        sleep,
        random: seededRandom(2),
        logger,
      },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(slept).toHaveLength(2);
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(
      /^Attempt 1\/6 to delete model "m" failed \(Rate exceeded\); retrying in \d+ ms\.$/,
    );
  });

  it('throws a non-retryable error at once, and the last error after the attempts run out', async () => {
    const { slept, sleep } = recordingSleep();
    const options = {
      what: 'x',
      retryable: (e: unknown) => e instanceof Throttled,
      sleep,
      random: seededRandom(3),
    };
    await expect(
      retry(
        async () => {
          throw new Error('AccessDenied');
        },
        { ...options, logger: memoryLogger() },
      ),
    ).rejects.toThrow('AccessDenied');
    expect(slept).toHaveLength(0);
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Throttled(`throttled ${calls}`);
        },
        { ...options, maxAttempts: 4, logger: memoryLogger() },
      ),
    ).rejects.toThrow('throttled 4');
    expect(calls).toBe(4);
  });

  it('stops once the waiting budget is spent, shortening the last delay to fit', async () => {
    const { slept, sleep } = recordingSleep();
    await expect(
      retry(
        async () => {
          throw new Throttled('busy');
        },
        {
          what: 'x',
          retryable: () => true,
          maxAttempts: 1000,
          baseDelayMs: 1_000,
          maxDelayMs: 1_000,
          budgetMs: 5_000,
          sleep,
          random: { next: () => 0.99 },
          logger: memoryLogger(),
        },
      ),
    ).rejects.toThrow('busy');
    expect(slept.reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(slept.at(-1)).toBeLessThan(990);
  });
});
