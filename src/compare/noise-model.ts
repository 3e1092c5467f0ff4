/**
 * How much the current run's value would differ from the baseline if nothing had changed.
 *
 * Model (on the comparison scale, i.e. ln for ratio metrics): a run's value = the true level
 * + a run-to-run term (runner, network, instance and time-of-day drift; SD τ) + within-run sampling
 * noise (SD w, measured by the block bootstrap). The baseline centre is the mean of the K history
 * values. The difference D = current − centre then has variance
 *
 *   Var(D) = (τ² + w²)·(1 + 1/K)  +  max(0, w_c² − w̄²)
 *
 * where τ² + w² is estimated by the history's sample variance s² (K − 1 degrees of freedom, never
 * taken below the history's own within-run variance w̄²), and the last term adds the current run's
 * extra within-run noise when its stage was noisier than the history's (e.g. shorter). This is the
 * classic prediction interval for a new observation, so with K ≥ 3 the false-alarm rate is the
 * nominal one whatever τ is — the price is a wide Student-t critical value when K is small.
 *
 * With fewer than 3 history runs the spread cannot be estimated; the run-to-run SD is then assumed
 * to be `compare.noise-floor` (default 3 %) on top of the within-run noise, with normal critical
 * values. That protects against false alarms only while the real drift stays below the floor.
 */
export interface NoiseInputs {
  /** History values on the comparison scale, with their within-run SDs. At least one. */
  history: readonly { x: number; withinSd: number | null }[];
  /** Within-run SD of the current run (null: assume the history's). */
  currentWithinSd: number | null;
  /** Run-to-run SD assumed when fewer than 3 history runs exist (comparison scale). */
  assumedRunToRunSd: number;
}

export interface NoiseEstimate {
  /** The baseline centre on the comparison scale (mean of the history values). */
  center: number;
  /** SD of current − centre when nothing changed. */
  sigma: number;
  /** Degrees of freedom for Student-t critical values (Infinity when the spread was assumed). */
  df: number;
  historyRuns: number;
  /** Estimated SD of one run's value around the true level (s, or its assumed/floored form). */
  runSd: number;
  /** Part of `runSd` that is run-to-run drift beyond within-run noise. */
  driftSd: number;
  /** Within-run SD of the current run as used. */
  currentWithinSd: number;
  /** Mean within-run SD of the history runs. */
  historyWithinSd: number;
  /** True when the history was too short and `noise-floor` stood in for the run-to-run spread. */
  assumed: boolean;
}

/** Combines the history spread and the within-run errors into the noise of the change. */
export function estimateNoise(input: NoiseInputs): NoiseEstimate {
  const k = input.history.length;
  if (k === 0) throw new Error('estimateNoise needs at least one history run');
  const xs = input.history.map((h) => h.x);
  const center = xs.reduce((a, b) => a + b, 0) / k;
  const historyWithinVar = input.history.reduce((a, h) => a + (h.withinSd ?? 0) ** 2, 0) / Math.max(1, k);
  const currentWithinVar = input.currentWithinSd === null ? historyWithinVar : input.currentWithinSd ** 2;
  const sampleVar = k >= 2 ? xs.reduce((a, x) => a + (x - center) ** 2, 0) / (k - 1) : 0;

  const assumed = k < 3;
  const runVar = assumed
    ? Math.max(sampleVar, input.assumedRunToRunSd ** 2 + historyWithinVar)
    : Math.max(sampleVar, historyWithinVar);
  const predictionVar = runVar * (1 + 1 / k);
  const excessWithinVar = Math.max(0, currentWithinVar - historyWithinVar);
  const variance = predictionVar + excessWithinVar;
  // Welch–Satterthwaite: only the history's sample variance is uncertain (K − 1 df); the bootstrap
  // errors are treated as known. Never fewer than K − 1.
  const df = assumed
    ? Infinity
    : predictionVar > 0
      ? ((k - 1) * variance ** 2) / predictionVar ** 2
      : Infinity;
  return {
    center,
    sigma: Math.sqrt(variance),
    df,
    historyRuns: k,
    runSd: Math.sqrt(runVar),
    driftSd: Math.sqrt(Math.max(0, runVar - historyWithinVar)),
    currentWithinSd: Math.sqrt(currentWithinVar),
    historyWithinSd: Math.sqrt(historyWithinVar),
    assumed,
  };
}

/**
 * The noise this setup would have with a different history size or stage length, for the advice
 * that accompanies an inconclusive verdict. `stageFactor` multiplies every stage's length (within-run
 * variance scales with 1 / length); `historyRuns` replaces K (the observed drift is kept).
 */
export function projectNoise(
  noise: NoiseEstimate,
  change: { historyRuns?: number; stageFactor?: number },
): { sigma: number; df: number } {
  const k = change.historyRuns ?? noise.historyRuns;
  const f = change.stageFactor ?? 1;
  const historyWithinVar = noise.historyWithinSd ** 2 / f;
  const currentWithinVar = noise.currentWithinSd ** 2 / f;
  const runVar = noise.driftSd ** 2 + historyWithinVar;
  const predictionVar = runVar * (1 + 1 / k);
  const variance = predictionVar + Math.max(0, currentWithinVar - historyWithinVar);
  const df = k < 3 ? Infinity : predictionVar > 0 ? ((k - 1) * variance ** 2) / predictionVar ** 2 : Infinity;
  return { sigma: Math.sqrt(variance), df };
}
