/**
 * One metric of one stage against its history: the noise model, the decision rule and the sentence
 * that explains the outcome, assembled into the verdict's `MetricComparison`.
 */
import type { MetricComparison, NoiseBreakdown } from './verdict.js';
import type { MetricEstimate } from './run-analysis.js';
import { decide, type Decision } from './metric-decision.js';
import { toComparisonScale, toleranceOnScale, worseningAsChange, type MetricSpec } from './metric-spec.js';
import { estimateNoise, projectNoise, type NoiseEstimate } from './noise-model.js';
import { formatChange, formatMagnitude } from './reason-text.js';
import { studentTQuantile } from './distributions.js';

export interface MetricSettings {
  /** Configured tolerance (fraction / percentage points), undefined when reported only. */
  tolerance: number | undefined;
  /** Per-metric one-sided confidence after the correction. */
  confidence: number;
  /** `compare.noise-floor` (relative). */
  noiseFloor: number;
}

/** Compares one metric with the same metric in the history runs (at least one). */
export function compareMetric(
  spec: MetricSpec,
  current: MetricEstimate,
  history: readonly MetricEstimate[],
  settings: MetricSettings,
): MetricComparison {
  const x = toComparisonScale(spec, current.value);
  const points = history.flatMap((h) => {
    const hx = toComparisonScale(spec, h.value);
    return hx === undefined ? [] : [{ x: hx, withinSd: h.withinSd }];
  });
  const gated = settings.tolerance !== undefined;
  const common = {
    metric: spec.metric,
    unit: spec.unit,
    gated,
    higherIsBetter: spec.higherIsBetter,
    current: current.value,
    tolerance: settings.tolerance ?? null,
  };
  if (x === undefined || points.length === 0) {
    const baseline = history.length > 0 ? median(history.map((h) => h.value)) : null;
    return {
      ...common,
      baseline,
      delta: null,
      noiseBand: null,
      minDetectable: null,
      state: gated ? 'inconclusive' : 'pass',
      reason: `cannot compare: ${x === undefined ? 'the current value' : 'every baseline value'} is zero`,
    };
  }
  const noise = estimateNoise({
    history: points,
    currentWithinSd: current.withinSd,
    assumedRunToRunSd: spec.scale === 'log' ? Math.log(1 + settings.noiseFloor) : 0,
  });
  const signedDelta = x - noise.center;
  const worsening = spec.higherIsBetter ? -signedDelta : signedDelta;
  const tolerance = settings.tolerance === undefined ? undefined : toleranceOnScale(spec, settings.tolerance);
  const decision = decide({
    worsening,
    sigma: noise.sigma,
    df: noise.df,
    confidence: settings.confidence,
    tolerance,
  });
  const delta = spec.scale === 'log' ? Math.exp(signedDelta) - 1 : signedDelta;
  const comparison: MetricComparison = {
    ...common,
    baseline: spec.scale === 'log' ? Math.exp(noise.center) : noise.center,
    delta,
    noiseBand: worseningAsChange(spec, decision.band),
    minDetectable: worseningAsChange(spec, decision.minDetectable),
    state: decision.state,
    reason: reasonFor(spec, delta, decision, settings.tolerance),
    noise: breakdown(spec, noise),
  };
  if (decision.state === 'inconclusive') comparison.advice = adviceFor(spec, noise, settings);
  return comparison;
}

/** A metric on a first run (or a stage the history never ran): reported, not compared. */
export function uncomparedMetric(
  spec: MetricSpec,
  current: MetricEstimate,
  tolerance: number | undefined,
  why: string,
): MetricComparison {
  return {
    metric: spec.metric,
    unit: spec.unit,
    gated: tolerance !== undefined,
    higherIsBetter: spec.higherIsBetter,
    baseline: null,
    current: current.value,
    delta: null,
    noiseBand: null,
    tolerance: tolerance ?? null,
    minDetectable: null,
    state: 'pass',
    reason: why,
  };
}

/** The sentence that explains a decision. */
export function reasonFor(
  spec: MetricSpec,
  delta: number,
  d: Decision,
  tolerance: number | undefined,
): string {
  const change = formatChange(spec, delta);
  const band = `±${formatMagnitude(spec, worseningAsChange(spec, d.band))}`;
  const tol = tolerance === undefined ? '' : formatMagnitude(spec, tolerance);
  switch (d.basis) {
    case 'real-beyond-tolerance':
      return `${change} is outside the noise band (${band}) and not shown to be within the tolerance (${tol})`;
    case 'real-within-tolerance':
      return `${change} is a real change (noise band ${band}) but shown to be within the tolerance (${tol})`;
    case 'within-noise-and-tolerance':
      return `${change} is within the noise band (${band}), which is narrower than the tolerance (${tol})`;
    case 'noise-wider-than-tolerance':
      return (
        `${change} is within the noise band (${band}), which leaves room for a change beyond the tolerance ` +
        `(${tol}); this setup detects changes above about ${formatMagnitude(spec, worseningAsChange(spec, d.minDetectable))}`
      );
    case 'real-change-ungated':
      return `${change} is outside the noise band (${band}); not gated`;
    case 'within-noise-ungated':
      return `${change} is within the noise band (${band}); not gated`;
  }
}

function breakdown(spec: MetricSpec, noise: NoiseEstimate): NoiseBreakdown {
  return {
    runToRunSd: worseningAsChange(spec, noise.runSd),
    withinRunSd: worseningAsChange(spec, noise.currentWithinSd),
    samples: noise.historyRuns,
    degreesOfFreedom: noise.df,
    assumed: noise.assumed,
  };
}

/** What would shrink the band: the dominant noise source and projected minimum detectable changes. */
function adviceFor(spec: MetricSpec, noise: NoiseEstimate, settings: MetricSettings): string {
  const mdc = (projection: { sigma: number; df: number }) =>
    formatMagnitude(
      spec,
      worseningAsChange(
        spec,
        (studentTQuantile(settings.confidence, projection.df) + studentTQuantile(0.95, projection.df)) *
          projection.sigma,
      ),
    );
  const moreHistory = Math.max(10, noise.historyRuns * 2);
  const pct = (sd: number) => formatMagnitude(spec, worseningAsChange(spec, sd));
  const parts: string[] = [];
  if (noise.assumed) {
    parts.push(
      `only ${noise.historyRuns} baseline run(s), so the run-to-run spread was assumed (noise-floor ${formatMagnitude(spec, settings.noiseFloor)}) rather than measured`,
    );
  }
  parts.push(
    `run-to-run drift ≈ ${pct(noise.driftSd)} per run, within-run noise ≈ ${pct(noise.currentWithinSd)}`,
  );
  const history = projectNoise(noise, { historyRuns: moreHistory });
  const longer = projectNoise(noise, { stageFactor: 2 });
  const options = [
    { sigma: history.sigma, text: `a history of ${moreHistory} runs would detect about ${mdc(history)}` },
    { sigma: longer.sigma, text: `stages twice as long would detect about ${mdc(longer)}` },
  ].sort((a, b) => a.sigma - b.sigma);
  parts.push(...options.map((o) => o.text));
  parts.push('paired mode (compare.mode: paired) cancels drift shared by both endpoints');
  return parts.join('; ');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
