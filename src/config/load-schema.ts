/** `load:` — the staged ramp. */
import { z } from 'zod';
import { STAGE_NAME_RULE } from '../core/name-rules.js';
import { optionalDurationMs, percentFraction, positiveDurationMs, positiveInt } from './fields.js';

/** How load is generated: closed loop or open loop. */
const GENERATION_MODES = ['concurrency', 'arrival-rate'] as const;
/** `load.mode`: a generation mode with fixed stages, or `capacity` (a search; see `load.capacity`). */
const LOAD_MODES = [...GENERATION_MODES, 'capacity'] as const;
export const ARRIVALS = ['constant', 'poisson'] as const;

const stageSchema = z
  .object({
    /** Stage name, unique, used in reports and baselines. Default `stage-<n>`. */
    name: z
      .string()
      .regex(STAGE_NAME_RULE.pattern, 'must be letters, digits, ".", "_" or "-"')
      .max(STAGE_NAME_RULE.maxLength)
      .optional(),
    /** How long the stage lasts (including its ramp). Required. */
    duration: positiveDurationMs,
    /** Virtual users (concurrency) or requests per second (arrival-rate). Required. */
    target: z.number({ error: 'expected a number' }).positive('must be greater than 0'),
    /** Linear change from the previous stage's target over this long. Default `0s` (a step). */
    ramp: optionalDurationMs.default(0),
  })
  .strict();

/** `load.capacity`: the search for the highest load that meets the SLO (`load.mode: capacity`). */
const capacitySchema = z
  .object({
    /** What the search varies: `concurrency` (users, closed loop) or `arrival-rate` (requests/s, open loop). Default `concurrency`. */
    by: z.enum(GENERATION_MODES).default('concurrency'),
    /** The first probe's load (users or requests/s). Default 1. */
    start: z.number({ error: 'expected a number' }).positive('must be greater than 0').default(1),
    /** The highest load probed. Required. */
    max: z.number({ error: 'expected a number' }).positive('must be greater than 0'),
    /** Length of one probe (extended up to 3× when its verdict is unclear). Default `10s`. */
    probe: positiveDurationMs.default(10_000),
    /** The search stops when the limit is known to within this relative step. Default `5%`. */
    resolution: percentFraction
      .refine((f) => f >= 0.01 && f <= 0.5, { message: 'must be between 1% and 50%' })
      .prefault('5%'),
    /** Most time the whole search may take (warm-up and probes). Default `5m`. */
    budget: positiveDurationMs.default(300_000),
    /** The load you expect in production; the instance comparison recommends the cheapest type meeting it. Optional. */
    'expected-load': z.number({ error: 'expected a number' }).positive('must be greater than 0').optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.start > c.max)
      ctx.addIssue({
        code: 'custom',
        path: ['start'],
        message: `must not exceed max (${c.max}), got ${c.start}`,
      });
    if (c.by === 'concurrency')
      for (const key of ['start', 'max'] as const)
        if (!Number.isInteger(c[key]))
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `concurrency is a whole number of users, got ${c[key]}`,
          });
    if (c.budget < 2 * c.probe)
      ctx.addIssue({
        code: 'custom',
        path: ['budget'],
        message: 'must leave room for at least two probes (2 × probe)',
      });
  })
  .transform((c) => ({
    by: c.by,
    start: c.start,
    max: c.max,
    probeMs: c.probe,
    resolution: c.resolution,
    budgetMs: c.budget,
    expectedLoad: c['expected-load'],
  }));

export type CapacityConfig = z.output<typeof capacitySchema>;
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
    /**
     * `concurrency` (closed loop), `arrival-rate` (open loop) or `capacity` (search for the highest load
     * that meets the SLO; see `load.capacity`). Default `concurrency`.
     */
    mode: z.enum(LOAD_MODES).default('concurrency'),
    /** `mode: capacity`: the search. Required with that mode. */
    capacity: capacitySchema.optional(),
    /** Warm-up before the first stage, at the first stage's target, excluded from statistics. Default `10s`. */
    warmup: optionalDurationMs.default(10_000),
    /** Arrival process in arrival-rate mode. Default `constant`. */
    arrivals: z.enum(ARRIVALS).default('constant'),
    /** Arrival-rate mode: most requests in flight at once; beyond it arrivals are dropped (and counted). Default 256. */
    'max-in-flight': positiveInt.default(256),
    /** Worker threads generating load. Default `auto` (one per core, at most 4). */
    workers: z.union([positiveInt, z.literal('auto')]).default('auto'),
    /**
     * Client-side delay the load generator may show (p99 send lag and p99 event-loop delay) before
     * its run is called saturated and cannot pass or fail on its figures. Raise it when the
     * endpoint's latencies are long next to the delay of a shared runner (a 1 s model is not
     * misjudged by 50 ms). Default: 2 ms of send lag, 20 ms of event-loop delay.
     */
    'max-client-delay': positiveDurationMs.optional(),
    /** Seed for Poisson arrivals. Default 1. */
    seed: z.number().int().nonnegative().default(1),
    /**
     * A cold-start phase before the warm-up (serverless, scale-to-zero components): after `idle`,
     * requests one at a time until the first success. Default: none.
     */
    'cold-start': coldStartSchema.optional(),
    /** The stages, run in order. Required, at least one (except with `mode: capacity`, where probes replace them). */
    stages: z.array(stageSchema).optional(),
  })
  .strict()
  .superRefine((l, ctx) => {
    if (l.mode === 'capacity' && l.capacity === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['capacity'],
        message: 'is required with `mode: capacity` (at least `max`, the highest load to probe)',
      });
    if (l.mode !== 'capacity' && l.capacity !== undefined)
      ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'only applies with `mode: capacity`' });
    if (l.mode === 'capacity' && l.stages !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['stages'],
        message: 'cannot be combined with `mode: capacity` (the search runs its own probes)',
      });
    if (l.mode !== 'capacity' && (l.stages === undefined || l.stages.length === 0))
      ctx.addIssue({ code: 'custom', path: ['stages'], message: 'needs at least one stage' });
    const seen = new Set<string>();
    (l.stages ?? []).forEach((s, i) => {
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
    /** How load is generated; with `mode: capacity`, `capacity.by`. */
    mode: l.mode === 'capacity' ? (l.capacity?.by ?? 'concurrency') : l.mode,
    /** Present with `mode: capacity`. */
    capacity: l.mode === 'capacity' ? l.capacity : undefined,
    warmupMs: l.warmup,
    arrivals: l.arrivals,
    maxInFlight: l['max-in-flight'],
    workers: l.workers,
    maxClientDelayMs: l['max-client-delay'],
    seed: l.seed,
    coldStart: l['cold-start'],
    stages: (l.stages ?? []).map((s, i) => ({
      name: s.name ?? `stage-${i + 1}`,
      durationMs: s.duration,
      target: s.target,
      rampMs: s.ramp,
    })),
  }));

export type LoadConfig = z.output<typeof loadSchema>;
export type StageConfig = LoadConfig['stages'][number];
export type GenerationMode = (typeof GENERATION_MODES)[number];
export type LoadMode = GenerationMode;
export type Arrivals = (typeof ARRIVALS)[number];
