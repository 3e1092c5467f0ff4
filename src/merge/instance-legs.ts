/**
 * The instance comparison from an Actions matrix: one leg per instance type, each an ordinary capacity
 * run (`load.mode: capacity` with `endpoint.deploy.instance-type` from the matrix), merged into the
 * same result a single-job comparison (`endpoint.deploy.instance-types`) writes — the recommended
 * leg's run with a `comparison` row per leg (src/cost/comparison-rows.ts) — which the gate then judges
 * type by type against the history, like the single-job comparison.
 *
 * Legs that do not belong together are refused (`UserInputError`, naming the file): another scenario,
 * commit or workflow run, another capacity search (`by`), two legs of one type.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { UserInputError, type InputIssue } from '../core/errors.js';
import { comparisonRows, type ComparisonSettings } from '../cost/comparison-rows.js';
import type { ResultDocument } from '../result/document.js';
import type { ShardInput } from './shard-set.js';

/** Whether the inputs are legs of an instance comparison: capacity runs, not shards, each naming its type. */
export function isInstanceLegSet(inputs: readonly ShardInput[]): boolean {
  return (
    inputs.length > 0 &&
    inputs.every(
      (i) =>
        i.document.shard === undefined &&
        i.document.shards === undefined &&
        i.document.capacity !== undefined &&
        i.document.comparison === undefined &&
        i.document.target.instanceType !== undefined,
    )
  );
}

export interface LegMergeOptions {
  clock: Pick<Clock, 'nowMs'>;
  /**
   * Region, hourly price override and `load.capacity.expected-load` for the rows. Default: the legs'
   * own (the region they ran in, the price and expected load of their effective config).
   */
  settings?: ComparisonSettings;
}

/**
 * The comparison of the legs: the recommended leg's result with one `comparison` row per leg (in the
 * order of the instance types' names, as the legs come in no particular order).
 * @throws UserInputError when the legs are not one comparison (each problem names its file)
 */
export function mergeInstanceLegs(inputs: readonly ShardInput[], options: LegMergeOptions): ResultDocument {
  const legs = [...inputs].sort((a, b) =>
    (a.document.target.instanceType ?? '').localeCompare(b.document.target.instanceType ?? ''),
  );
  checkLegs(legs);
  const first = legs[0]?.document;
  if (!first) throw new Error('unreachable: checked legs are not empty');
  const settings = options.settings ?? settingsOf(first);
  const rows = comparisonRows(
    legs.map((l) => ({
      instanceType: l.document.target.instanceType ?? '',
      instanceCount: l.document.target.instanceCount ?? 1,
      result: l.document,
    })),
    settings,
  );
  const chosen =
    legs[
      Math.max(
        0,
        rows.findIndex((r) => r.recommended),
      )
    ]?.document ?? first;
  const runId = createHash('sha256')
    .update(legs.map((l) => l.document.runId).join('\n'))
    .digest('hex')
    .slice(0, 32);
  return {
    ...chosen,
    runId: `legs-${runId}`,
    createdAt: new Date(options.clock.nowMs()).toISOString(),
    comparison: rows,
  };
}

function checkLegs(legs: readonly ShardInput[]): void {
  const issues: InputIssue[] = [];
  if (legs.length < 2)
    issues.push({
      field: legs[0]?.source ?? 'legs',
      message: 'is the only leg: a comparison needs the results of two or more instance types',
      fix: 'pass the result of every leg of the matrix (a directory of the downloaded artifacts works)',
    });
  const reference = legs[0]?.document;
  const seen = new Map<string, string>();
  for (const leg of legs) {
    const doc = leg.document;
    const type = doc.target.instanceType ?? '';
    const previous = seen.get(type);
    if (previous)
      issues.push({
        field: leg.source,
        message: `is a second leg of ${type} (also ${previous})`,
        fix: 'give each instance type once: one matrix leg per type',
      });
    seen.set(type, leg.source);
    if (!reference || doc === reference) continue;
    if (doc.scenario.key !== reference.scenario.key)
      issues.push({
        field: leg.source,
        message: `ran another scenario (key ${doc.scenario.key}; ${legs[0]?.source} ran ${reference.scenario.key})`,
        fix: 'every leg must run the same config with only `endpoint.deploy.instance-type` changed (no per-leg `scenario:` name)',
      });
    if (doc.capacity?.by !== reference.capacity?.by)
      issues.push({
        field: leg.source,
        message: `searched by ${doc.capacity?.by}, ${legs[0]?.source} by ${reference.capacity?.by}`,
      });
    if ((doc.source.sha ?? '') !== (reference.source.sha ?? ''))
      issues.push({
        field: leg.source,
        message: `tested commit ${doc.source.sha ?? '(none)'}; ${legs[0]?.source} tested ${reference.source.sha ?? '(none)'}`,
        fix: 'merge only the legs of one workflow run',
      });
    if ((doc.source.workflowRunId ?? '') !== (reference.source.workflowRunId ?? ''))
      issues.push({
        field: leg.source,
        message: `comes from workflow run ${doc.source.workflowRunId ?? '(none)'}; ${legs[0]?.source} from ${reference.source.workflowRunId ?? '(none)'}`,
        fix: 'merge only the legs of one workflow run',
      });
  }
  if (issues.length > 0)
    throw new UserInputError(issues, { title: 'Cannot merge these legs into an instance comparison' });
}

/** The legs' own settings: the region they ran in, their effective config's price and expected load. */
function settingsOf(doc: ResultDocument): ComparisonSettings {
  const config = (doc.config ?? {}) as {
    report?: { hourlyPriceUsd?: unknown };
    load?: { capacity?: { expectedLoad?: unknown } };
  };
  const price = config.report?.hourlyPriceUsd;
  const expected = config.load?.capacity?.expectedLoad;
  return {
    region: doc.target.region,
    report: { hourlyPriceUsd: typeof price === 'number' ? price : undefined },
    load: { capacity: { expectedLoad: typeof expected === 'number' ? expected : undefined } },
  };
}
