/** `trend:` — change-point detection over the default branch's stored history (creep on main). */
import { z } from 'zod';
import { percentFraction, positiveInt } from './fields.js';

export const trendSchema = z
  .object({
    /** Look for change points on pushes to the default branch (needs the `git` store: the `file` store keeps one result). Default true. */
    enabled: z.boolean().default(true),
    /** How many of the newest stored results are analysed. Default 30. */
    window: positiveInt.min(6).max(200).default(30),
    /**
     * Chance that a check of a history with no change reports one, split over the stages × gated
     * metrics tested. Default `0.1%`.
     */
    'false-positive-rate': percentFraction
      .refine((f) => f > 0 && f <= 0.1, { message: 'must be between 0.0001% and 10%' })
      .prefault('0.1%'),
    /** Shortest run of results either side of a change point. Default 3. */
    'min-segment': positiveInt.min(2).max(20).default(3),
    /** A change point among this many newest results is "recent" (shown in pull requests' comments). Default 5. */
    recent: positiveInt.max(100).default(5),
    /** Fail the push's check when the push's result reveals a new regression change point. Default false. */
    'fail-on-regression': z.boolean().default(false),
    /** Seed of the permutation test. Default 1. */
    seed: z.number().int().nonnegative().default(1),
  })
  .strict()
  .transform((t) => ({
    enabled: t.enabled,
    window: t.window,
    falsePositiveRate: t['false-positive-rate'],
    minSegment: t['min-segment'],
    recentResults: t.recent,
    failOnRegression: t['fail-on-regression'],
    seed: t.seed,
  }));

export type TrendConfig = z.output<typeof trendSchema>;
