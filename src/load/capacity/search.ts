/**
 * The capacity search: the highest load whose probe meets the SLO, found fast and honestly.
 *
 * - Grow geometrically (×2) from `start` until a probe breaks the SLO (or `max` is met), then bisect
 *   (geometric midpoints) between the highest load that met and the lowest that broke, until they are
 *   within `resolution` of each other (concurrency: or adjacent whole users).
 * - Each probe is judged with its confidence interval (src/load/capacity/judge.ts); an unclear probe
 *   is extended at the same load (another probe's length, at most twice) while the budget allows, and
 *   its counts are pooled; still unclear after that, it is judged on its point estimate and says so.
 * - A probe whose load generator was saturated is never counted as the endpoint's limit: the
 *   probe is run once more from scratch (a shared machine stalls now and then); saturated again, the search
 *   stops and reports the highest load that met as a lower bound, with the remedy. (A saturated probe
 *   that met the SLO anyway still counts as met: client-side queueing only adds latency; one that
 *   broke the SLO by more than the client's own delay — event-loop delay plus send lag, with the CPU
 *   not saturated — broke on the endpoint.)
 * - "Below the first probe" and "above the maximum" are outcomes in their own right.
 * - Nothing starts that would overrun the budget; the search then reports the bracket it reached.
 *
 * Pure apart from the injected probe function and clock, so the logic is tested on controlled input.
 */
import type { ProbeCounts, ProbeVerdict } from './judge.js';
import { judgeProbe } from './judge.js';

/** What the search needs from the driver. */
export interface SearchSettings {
  by: 'concurrency' | 'arrival-rate';
  start: number;
  max: number;
  probeMs: number;
  resolution: number;
  budgetMs: number;
}

/** One probe as the driver ran it (several stages when it was extended). */
export interface ProbeRun {
  /** Counts for the judge (pooled over the extensions so far). */
  counts: ProbeCounts;
  /** The generator could not keep up: the figures are the client's, not the endpoint's. */
  saturated: string | undefined;
  /**
   * When the saturation was the client's own delay (event loop, send lag) and not its CPU: the counts
   * against limits raised by that delay. A probe that breaks even these broke on the endpoint.
   */
  slack?: ProbeCounts | undefined;
}

/** Runs one probe (or one extension of it): `extension` 0 is the first run at `load`. */
export type ProbeFunction = (load: number, extension: number) => Promise<ProbeRun>;

export type SearchOutcome =
  'found' | 'below-first-probe' | 'above-maximum' | 'generator-saturated' | 'budget-exhausted';

/** One load the search tried. */
export interface ProbeRecord {
  load: number;
  verdict: ProbeVerdict | 'saturated';
  /** Stages run at this load (1 + extensions). */
  runs: number;
  why: string;
}

export interface SearchResult {
  outcome: SearchOutcome;
  /** Highest load that met the SLO (null: none did). */
  limit: number | null;
  /** Lowest load that broke it (null: none did). */
  brokeAt: number | null;
  probes: ProbeRecord[];
  /** One plain sentence for the report. */
  message: string;
  elapsedMs: number;
}

const GROWTH = 2;
/** Extensions of an unclear probe (so at most 3 × the probe length at one load). */
const MAX_EXTENSIONS = 2;

/**
 * Runs the search; `nowMs` is the clock the budget is measured on; `onRecord` hears each probe as
 * soon as it is judged.
 */
export async function searchCapacity(
  settings: SearchSettings,
  probe: ProbeFunction,
  nowMs: () => number,
  onRecord?: (record: ProbeRecord) => void,
): Promise<SearchResult> {
  const startedMs = nowMs();
  const probes: ProbeRecord[] = [];
  let met: number | null = null;
  let broke: number | null = null;
  const unit = settings.by === 'concurrency' ? 'users' : 'req/s';
  const fits = () => nowMs() - startedMs + settings.probeMs <= settings.budgetMs;
  const finish = (outcome: SearchOutcome, message: string): SearchResult => ({
    outcome,
    limit: met,
    brokeAt: broke,
    probes,
    message,
    elapsedMs: nowMs() - startedMs,
  });

  let load = normalize(settings, settings.start);
  for (;;) {
    if (!fits()) return finish('budget-exhausted', budgetMessage(met, broke, unit, settings));
    let record = await runProbe(load, probe, fits);
    probes.push(record);
    onRecord?.(record);
    if (record.verdict === 'saturated' && fits()) {
      // Once more from scratch: a shared machine stalls now and then; a generator that cannot keep
      // up at this load saturates again.
      record = await runProbe(load, probe, fits);
      probes.push(record);
      onRecord?.(record);
    }
    if (record.verdict === 'saturated')
      return finish('generator-saturated', saturatedMessage(load, met, unit, record.why));
    if (record.verdict === 'meets') met = load;
    else broke = load;
    if (met === null)
      return finish(
        'below-first-probe',
        `The SLO broke at the first probe (${format(load)} ${unit}): the capacity is below ${format(load)} ${unit}; lower \`load.capacity.start\`.`,
      );
    if (broke === null) {
      if (load >= settings.max)
        return finish(
          'above-maximum',
          `Every probe met the SLO up to the maximum (${format(settings.max)} ${unit}): the capacity is at least that; raise \`load.capacity.max\` to find the limit.`,
        );
      load = normalize(settings, Math.min(settings.max, load * GROWTH));
      continue;
    }
    const next = midpoint(settings, met, broke);
    if (next === undefined)
      return finish(
        'found',
        `Capacity ${format(met)} ${unit}: the SLO held at ${format(met)} and broke at ${format(broke)} ${unit}.`,
      );
    load = next;
  }
}

/** One load: the first run, then extensions while unclear and within budget. */
async function runProbe(load: number, probe: ProbeFunction, fits: () => boolean): Promise<ProbeRecord> {
  let runs = 0;
  for (;;) {
    const run = await probe(load, runs);
    runs++;
    const judged = judgeProbe(run.counts);
    if (run.saturated !== undefined) {
      // Client-side queueing only adds latency: a probe that met the SLO even so is evidence, and so is
      // one that broke it by more than the client's own delay. Anything else may be the generator's
      // own limit and is never counted as the endpoint's: extend while that may settle it.
      if (judged.verdict === 'meets')
        return {
          load,
          verdict: 'meets',
          runs,
          why: `${judged.why} (met although the generator was saturated: ${run.saturated})`,
        };
      const slack = run.slack === undefined ? undefined : judgeProbe(run.slack);
      if (slack?.verdict === 'breaks')
        return {
          load,
          verdict: 'breaks',
          runs,
          why: `${slack.why}, even allowing for the client's own delay (${run.saturated})`,
        };
      if (runs <= MAX_EXTENSIONS && fits()) continue; // more requests may settle it either way
      return { load, verdict: 'saturated', runs, why: run.saturated };
    }
    if (judged.verdict !== 'unclear') return { load, verdict: judged.verdict, runs, why: judged.why };
    if (runs > MAX_EXTENSIONS || !fits()) {
      // Out of extensions: the point estimate decides, and the record says it was a close call.
      const verdict = pointVerdict(run.counts);
      return {
        load,
        verdict,
        runs,
        why: `unclear after ${runs} run(s), judged on the point estimate: ${judged.why}`,
      };
    }
  }
}

function pointVerdict(counts: ProbeCounts): 'meets' | 'breaks' {
  const latencyOk = counts.limits.every((l) => l.total > 0 && l.over / l.total <= 1 - l.quantile);
  const errorsOk = counts.attempted === 0 || counts.failed / counts.attempted <= counts.errorRateLimit;
  return latencyOk && errorsOk ? 'meets' : 'breaks';
}

/** The next load between `met` and `broke`, or undefined when they are within the resolution. */
function midpoint(settings: SearchSettings, met: number, broke: number): number | undefined {
  if (broke / met - 1 <= settings.resolution) return undefined;
  const mid = Math.sqrt(met * broke);
  if (settings.by === 'arrival-rate') return round(mid);
  const users = Math.round(mid);
  if (users <= met || users >= broke) return broke - met > 1 ? met + 1 : undefined;
  return users;
}

function normalize(settings: SearchSettings, load: number): number {
  return settings.by === 'concurrency' ? Math.max(1, Math.round(load)) : round(load);
}

/** Rates to 3 significant digits (what a report can show). */
function round(rate: number): number {
  return Number(rate.toPrecision(3));
}

function format(load: number): string {
  return String(Number(load.toPrecision(3)));
}

function budgetMessage(met: number | null, broke: number | null, unit: string, s: SearchSettings): string {
  const bracket =
    met === null
      ? 'no probe met the SLO yet'
      : broke === null
        ? `the SLO held up to ${format(met)} ${unit}`
        : `the capacity is between ${format(met)} and ${format(broke)} ${unit}`;
  return `The time budget (${Math.round(s.budgetMs / 1000)} s) ran out: ${bracket}; raise \`load.capacity.budget\` or the resolution, or shorten \`load.capacity.probe\`.`;
}

function saturatedMessage(load: number, met: number | null, unit: string, why: string): string {
  const bound =
    met === null ? 'no load met the SLO before that' : `the capacity is at least ${format(met)} ${unit}`;
  return (
    `The load generator saturated at ${format(load)} ${unit} (${why}), so that probe says nothing about the endpoint: ` +
    `${bound}. Give the generator more room: more \`load.workers\`, a bigger runner, or fewer other jobs on it.`
  );
}
