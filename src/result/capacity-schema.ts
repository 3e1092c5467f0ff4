/**
 * The capacity section of the result document (`capacity`): what a `load.mode: capacity` search found —
 * the highest load that met the SLO, the figures there, and every probe. The probes themselves are
 * ordinary stages of the document (histograms, intervals), named in `probes[].stages`.
 */
import { z } from 'zod';

export const CAPACITY_OUTCOMES = [
  'found',
  'below-first-probe',
  'above-maximum',
  'generator-saturated',
  'budget-exhausted',
] as const;

export const capacityProbeSchema = z.object({
  /** Users or requests/s. */
  load: z.number().positive(),
  /** `meets` / `breaks` the SLO, or `saturated` (the generator could not keep up: not judged). */
  outcome: z.enum(['meets', 'breaks', 'saturated']),
  /** The stages this probe ran (more than one when an unclear probe was extended). */
  stages: z.array(z.string()).min(1),
  p95Ms: z.number().nonnegative(),
  throughputRps: z.number().nonnegative(),
  /** Present when `slo.request` is set. */
  goodputRps: z.number().nonnegative().optional(),
  errorRate: z.number().min(0).max(1),
  /** One sentence: the deciding limit and its 95 % interval. */
  why: z.string(),
});
export type CapacityProbe = z.infer<typeof capacityProbeSchema>;

export const capacitySchema = z.object({
  /** What the search varied. */
  by: z.enum(['concurrency', 'arrival-rate']),
  /** `users` (concurrency) or `rps` (arrival-rate). */
  unit: z.enum(['users', 'rps']),
  outcome: z.enum(CAPACITY_OUTCOMES),
  /** The highest load that met the SLO; null when none did (below the first probe). */
  limit: z.number().positive().nullable(),
  /** The lowest load that broke it; null when none did. */
  brokeAt: z.number().positive().nullable(),
  /** The SLO every probe was judged on (ms; error rate as a fraction). */
  slo: z.object({
    p50Ms: z.number().optional(),
    p95Ms: z.number().optional(),
    p99Ms: z.number().optional(),
    ttftP95Ms: z.number().optional(),
    errorRate: z.number(),
  }),
  /** Configured resolution (relative step at which the search stops). */
  resolution: z.number().positive(),
  /** Successful requests/s at the limit (null without a limit). */
  throughputRps: z.number().nonnegative().nullable(),
  /** Goodput at the limit (present when `slo.request` is set). */
  goodputRps: z.number().nonnegative().nullable().optional(),
  /** Latency at the limit (null without a limit). */
  latency: z.object({ p50Ms: z.number(), p95Ms: z.number(), p99Ms: z.number() }).nullable(),
  probes: z.array(capacityProbeSchema),
  /** One plain sentence: what was found (or why not) and what to do. */
  message: z.string(),
  budgetMs: z.number().positive(),
  elapsedMs: z.number().nonnegative(),
  /** Hourly price × instances / requests per hour at the limit × 1e6 (filled in by the cost phase). */
  costPerMillionUsd: z.number().nonnegative().nullable().optional(),
});
export type CapacityResult = z.infer<typeof capacitySchema>;
