/** Field types shared by the config sections: durations, percentages, sizes, names. */
import { z } from 'zod';
import { parseDurationMs } from '../core/duration.js';

/** A duration written with a unit (`500ms`, `30s`, `2m`, `1h`) → milliseconds. */
export const durationMs = z
  .string({ error: 'expected a duration with a unit, like "30s", "500ms" or "2m"' })
  .transform((text, ctx) => {
    const ms = parseDurationMs(text);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a duration with a unit, like "30s", "500ms" or "2m", but got "${text}"`,
      });
      return z.NEVER;
    }
    return ms;
  });

/** A non-negative duration; zero allowed (e.g. no warm-up). */
export const optionalDurationMs = durationMs;

/** A positive duration. */
export const positiveDurationMs = durationMs.refine((ms) => ms > 0, { message: 'must be longer than 0' });

/**
 * A percentage: `"10%"` or a plain number of percent (`10`). Stored as a fraction (0.10).
 */
export const percentFraction = z
  .union([z.number(), z.string()], { error: 'expected a percentage like "10%"' })
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? String(value) : value.trim().replace(/%$/, '');
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n < 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a percentage like "10%", but got "${String(value)}"`,
      });
      return z.NEVER;
    }
    return n / 100;
  });

/** A percentage like `percentFraction`, or `none` (→ undefined): a limit that can be turned off. */
export const optionalPercent = z
  .union([z.literal('none'), z.number(), z.string()], {
    error: 'expected a percentage like "2%", or "none"',
  })
  .transform((value, ctx): number | undefined => {
    if (value === 'none') return undefined;
    const parsed = percentFraction.safeParse(value);
    if (parsed.success) return parsed.data;
    ctx.addIssue({
      code: 'custom',
      message: `expected a percentage like "2%", or "none" to turn the limit off, but got "${String(value)}"`,
    });
    return z.NEVER;
  });

/** A latency threshold with a unit (`500ms`, `1.5s`) → milliseconds (fractions allowed). */
export const latencyMs = z
  .string({ error: 'expected a latency like "500ms" or "1.5s"' })
  .transform((text, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s)\s*$/.exec(text);
    if (!m) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a latency like "500ms" or "1.5s", but got "${text}"`,
      });
      return z.NEVER;
    }
    const value = Number(m[1]);
    const unit = m[2];
    return unit === 's' ? value * 1000 : unit === 'ms' ? value : value / 1000;
  });

export const positiveInt = z
  .number({ error: 'expected a whole number' })
  .int('expected a whole number')
  .positive('must be at least 1');

/** SageMaker resource names: ≤ 63 characters, letters, digits and inner hyphens. */
export const sagemakerName = z
  .string({ error: 'expected a SageMaker resource name' })
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/,
    'must contain only letters, digits and hyphens, and start and end with a letter or digit',
  );

/** String → string map (container environment, tags). Numbers and booleans are turned into strings. */
export const stringMap = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v)),
);

export const instanceType = z
  .string({ error: 'expected an instance type like "ml.g5.xlarge"' })
  .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, 'expected an instance type like "ml.g5.xlarge"');
