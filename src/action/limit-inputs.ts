/**
 * The action's guardrail inputs: limits set in the workflow file, which a pull request's config
 * cannot loosen (the strictest of these, the base branch's config and the file apply; see
 * src/guardrails/). Empty = no limit from the workflow.
 */
import { z } from 'zod';
import { instanceType, positiveDurationMs, positiveInt } from '../config/fields.js';
import { UserInputError, type InputIssue } from '../core/errors.js';
import type { LimitSet } from '../guardrails/limits.js';

const LimitInputs = {
  MaxCostUsd: 'max-cost-usd',
  AllowedInstanceTypes: 'allowed-instance-types',
  MaxInstanceCount: 'max-instance-count',
  MaxTestDuration: 'max-test-duration',
  MaxUsers: 'max-users',
  MaxArrivalRate: 'max-arrival-rate',
  MaxWorkers: 'max-workers',
  MaxInFlight: 'max-in-flight',
  HourlyPrice: 'hourly-price',
} as const;

export const LIMIT_INPUT_NAMES = Object.values(LimitInputs);

const positiveNumber = z.coerce.number().positive();
const PARSERS: Record<(typeof LIMIT_INPUT_NAMES)[number], [keyof LimitSet, z.ZodType]> = {
  'max-cost-usd': ['maxCostUsd', positiveNumber],
  'allowed-instance-types': [
    'allowedInstanceTypes',
    z.preprocess(
      (v) =>
        String(v)
          .split(/[\s,]+/)
          .filter(Boolean),
      z.array(instanceType).min(1),
    ),
  ],
  'max-instance-count': ['maxInstanceCount', z.coerce.number().pipe(positiveInt)],
  'max-test-duration': ['maxTestDurationMs', positiveDurationMs],
  'max-users': ['maxUsers', z.coerce.number().pipe(positiveInt)],
  'max-arrival-rate': ['maxArrivalRate', positiveNumber],
  'max-workers': ['maxWorkers', z.coerce.number().pipe(positiveInt)],
  'max-in-flight': ['maxInFlight', z.coerce.number().pipe(positiveInt)],
  'hourly-price': ['hourlyPriceUsd', positiveNumber],
};

/** Parses the non-empty limit inputs; every bad one is reported at once (exit 2). */
export function readLimitInputs(getInput: (name: string) => string): LimitSet {
  const limits: Record<string, unknown> = {};
  const issues: InputIssue[] = [];
  for (const name of LIMIT_INPUT_NAMES) {
    const text = getInput(name).trim();
    if (!text) continue;
    const [key, parser] = PARSERS[name];
    const parsed = parser.safeParse(text);
    if (parsed.success) limits[key] = parsed.data;
    else
      issues.push({
        field: `input "${name}"`,
        message: `${parsed.error.issues[0]?.message ?? 'is invalid'}, but got "${text.slice(0, 60)}"`,
      });
  }
  if (issues.length > 0) throw new UserInputError(issues, { title: 'Invalid guardrail inputs' });
  return limits as LimitSet;
}
