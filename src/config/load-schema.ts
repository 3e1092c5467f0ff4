/** `load:` — the staged ramp. */
import { z } from 'zod';
import { optionalDurationMs, positiveDurationMs, positiveInt } from './fields.js';

export const LOAD_MODES = ['concurrency', 'arrival-rate'] as const;
export const ARRIVALS = ['constant', 'poisson'] as const;

const stageSchema = z
  .object({
    /** Stage name, unique, used in reports and baselines. Default `stage-<n>`. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, ".", "_" or "-"')
      .max(40)
      .optional(),
    /** How long the stage lasts (including its ramp). Required. */
    duration: positiveDurationMs,
    /** Virtual users (concurrency) or requests per second (arrival-rate). Required. */
    target: z.number({ error: 'expected a number' }).positive('must be greater than 0'),
    /** Linear change from the previous stage's target over this long. Default `0s` (a step). */
    ramp: optionalDurationMs.default(0),
  })
  .strict();

const coldStartSchema = z
  .object({
    /** Idle time before the first request, so capacity scales in (e.g. `16m` for a component scaling to zero). Default `0s`. */
    idle: optionalDurationMs.default(0),
    /** Give up (the phase fails) when no request has succeeded after this long. Default `5m`. */
    timeout: positiveDurationMs.default(5 * 60_000),
    /** Pause between failed attempts. Default `1s`. */
    'retry-interval': positiveDurationMs.default(1000),
  })
  .strict()
  .transform((c) => ({ idleMs: c.idle, timeoutMs: c.timeout, retryIntervalMs: c['retry-interval'] }));

export const loadSchema = z
  .object({
    /** `concurrency` (closed loop) or `arrival-rate` (open loop). Default `concurrency`. */
    mode: z.enum(LOAD_MODES).default('concurrency'),
    /** Warm-up before the first stage, at the first stage's target, excluded from statistics. Default `10s`. */
    warmup: optionalDurationMs.default(10_000),
    /** Arrival process in arrival-rate mode. Default `constant`. */
    arrivals: z.enum(ARRIVALS).default('constant'),
    /** Arrival-rate mode: most requests in flight at once; beyond it arrivals are dropped (and counted). Default 256. */
    'max-in-flight': positiveInt.default(256),
    /** Worker threads generating load. Default `auto` (one per core, at most 4). */
    workers: z.union([positiveInt, z.literal('auto')]).default('auto'),
    /** Seed for Poisson arrivals. Default 1. */
    seed: z.number().int().nonnegative().default(1),
    /**
     * A cold-start phase before the warm-up (serverless, scale-to-zero components): after `idle`,
     * requests one at a time until the first success. Default: none.
     */
    'cold-start': coldStartSchema.optional(),
    /** The stages, run in order. Required, at least one. */
    stages: z.array(stageSchema).min(1, 'needs at least one stage'),
  })
  .strict()
  .superRefine((l, ctx) => {
    const seen = new Set<string>();
    l.stages.forEach((s, i) => {
      const name = s.name ?? `stage-${i + 1}`;
      if (seen.has(name))
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'name'],
          message: `duplicate stage name "${name}"`,
        });
      seen.add(name);
      if (s.ramp > s.duration) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'ramp'],
          message: 'must not be longer than the stage duration',
        });
      }
      if (l.mode === 'concurrency' && !Number.isInteger(s.target)) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'target'],
          message: `concurrency targets are whole numbers of users, got ${s.target}`,
        });
      }
    });
  })
  .transform((l) => ({
    mode: l.mode,
    warmupMs: l.warmup,
    arrivals: l.arrivals,
    maxInFlight: l['max-in-flight'],
    workers: l.workers,
    seed: l.seed,
    coldStart: l['cold-start'],
    stages: l.stages.map((s, i) => ({
      name: s.name ?? `stage-${i + 1}`,
      durationMs: s.duration,
      target: s.target,
      rampMs: s.ramp,
    })),
  }));

export type LoadConfig = z.output<typeof loadSchema>;
export type StageConfig = LoadConfig['stages'][number];
export type LoadMode = LoadConfig['mode'];
export type Arrivals = (typeof ARRIVALS)[number];
