/**
 * The paired test with replication (`compare.pairs: k`): k baseline/candidate endpoint pairs, each
 * alternating blocks. The unit is the endpoint pair, not the block: an instance that is slower on
 * its own shifts every block of its pair alike, so only the spread *between* pairs can show it.
 *
 * A one-way random-effects model on the block log ratios r_{j,b} of pair j (j = 1…k, b = 1…m_j):
 *
 *   r_{j,b} = δ + e_j + ε_{j,b},   e_j ~ (0, σ_e²) the pair's own difference, ε ~ (0, σ_w²) block noise.
 *
 * δ is estimated by the mean of the pair means d_j. Its variance is σ_e²/k + σ_w²/(m̄k): σ_w² from
 * the blocks around their pair's mean (many degrees of freedom), σ_e² by the method of moments,
 * max(0, s_d² − σ_w²/m̄), from the spread of the pair means (k − 1 degrees of freedom). The degrees
 * of freedom of the sum follow Welch–Satterthwaite, so a spread between pairs that the blocks
 * cannot explain widens the band (few degrees of freedom), and pairs that agree keep the block
 * test's power. With k = 1 the between-pair spread cannot be measured: the test is the block test
 * and says so.
 *
 * **A declared per-endpoint spread** (`compare.endpoint-spread: s`, the spread of a metric between
 * two endpoints deployed from the same config). Each endpoint has its own lasting offset u ~ (0, s_ℓ²)
 * on the comparison scale, s_ℓ = ln(1 + s) (the scale `compare.noise-floor` uses too), independent
 * between endpoints. A pair's difference is e_j = u_{cand,j} − u_{base,j}, so it carries
 * σ_D² = 2·s_ℓ² — the declared component of σ_e². The between-pair variance used is
 *
 *   σ_e² = max(σ_D², σ̂_e²)    (σ̂_e² the method-of-moments estimate above; none with k = 1)
 *
 * - σ_D² ≥ σ̂_e² (or k = 1): σ_e² is *known*, not estimated. In Welch–Satterthwaite,
 *   ν = (a + b)² / (a²/ν_a + b²/ν_b) with a = σ_D²/k, b = σ̂_w²/(m̄k), a known term has ν_a = ∞ and
 *   drops out of the denominator: ν = (a + b)²·ν_w / b² ≥ ν_w = Σm_j − k. The band widens by the
 *   declared spread but pays no degrees-of-freedom penalty (ν = ∞ when the blocks do not vary
 *   at all).
 * - σ̂_e² > σ_D²: the pairs disagree more than declared; the measured estimate is used with its k − 1
 *   degrees of freedom, exactly as without a declaration.
 *
 * Taking the larger of the two is conservative: a declaration never narrows the band below what the
 * pairs show, and a declaration that is too small is overruled by pairs that disagree — but with
 * k = 1 nothing can overrule it, so there the false-alarm rate holds only if s is at least the true
 * spread. Without a declaration (s absent) every number is what it was before.
 */

/** The estimate of the change on the comparison scale, with its noise. */
export interface PairLevelEstimate {
  /** Mean of the pair means (δ̂). */
  mean: number;
  /** Standard error of `mean`. */
  sigma: number;
  /** Welch–Satterthwaite degrees of freedom of `sigma` (Infinity: all of the variance known). */
  df: number;
  /** σ̂_e: the measured spread between endpoint pairs beyond block noise (null with one pair). */
  betweenPairSd: number | null;
  /** σ_e used in `sigma`: the measured one, the declared √2·s_ℓ, or 0 (one pair, nothing declared). */
  betweenPairSdUsed: number;
  /** Where `betweenPairSdUsed` comes from. */
  betweenPairSource: 'measured' | 'declared' | 'unknown';
  /** σ̂_w: block-to-block spread within a pair. */
  withinPairSd: number;
  pairs: number;
  blockPairs: number;
}

export interface PairLevelOptions {
  /**
   * Declared spread of one endpoint's own offset on the comparison scale (s_ℓ, e.g. ln 1.03 for
   * `compare.endpoint-spread: 3%`); a pair's difference carries 2·s_ℓ² of it. Absent: none declared.
   */
  endpointSd?: number | undefined;
}

/** Estimates δ from the block log ratios of each endpoint pair (undefined without 2 block pairs). */
export function pairLevelEstimate(
  ratiosByPair: readonly (readonly number[])[],
  options: PairLevelOptions = {},
): PairLevelEstimate | undefined {
  const groups = ratiosByPair.filter((g) => g.length > 0);
  const k = groups.length;
  const blockPairs = groups.reduce((a, g) => a + g.length, 0);
  const dfWithin = blockPairs - k;
  if (k === 0 || dfWithin < 1) return undefined;
  const means = groups.map(meanOf);
  const mean = meanOf(means);
  const ssWithin = groups.reduce(
    (a, g, j) => a + g.reduce((s, r) => s + (r - (means[j] as number)) ** 2, 0),
    0,
  );
  const withinVar = ssWithin / dfWithin;
  // Harmonic mean of block pairs per pair: the within part of a pair mean's variance averages σ_w²/m_j.
  const mBar = k / groups.reduce((a, g) => a + 1 / g.length, 0);
  const within = withinVar / (mBar * k);
  const declaredVar =
    options.endpointSd !== undefined && options.endpointSd > 0 ? 2 * options.endpointSd ** 2 : 0;
  const common = { mean, withinPairSd: Math.sqrt(withinVar), pairs: k, blockPairs };
  // The declared component, known: no degrees of freedom of its own (see the file comment).
  const known = (measured: number | null): PairLevelEstimate => {
    const between = declaredVar / k;
    const total = between + within;
    return {
      ...common,
      sigma: Math.sqrt(total),
      // ∞ (the normal quantile) when the blocks do not vary: all of the variance is known.
      df: within === 0 ? Infinity : (total ** 2 * dfWithin) / within ** 2,
      betweenPairSd: measured,
      betweenPairSdUsed: Math.sqrt(declaredVar),
      betweenPairSource: 'declared',
    };
  };
  if (k === 1) {
    if (declaredVar > 0) return known(null);
    return {
      ...common,
      sigma: Math.sqrt(within),
      df: dfWithin,
      betweenPairSd: null,
      betweenPairSdUsed: 0,
      betweenPairSource: 'unknown',
    };
  }
  const sd2 = means.reduce((a, d) => a + (d - mean) ** 2, 0) / (k - 1);
  const betweenVar = Math.max(0, sd2 - withinVar / mBar);
  if (declaredVar > 0 && declaredVar >= betweenVar) return known(Math.sqrt(betweenVar));
  const between = betweenVar / k;
  const total = between + within;
  const df = total === 0 ? dfWithin : total ** 2 / (between ** 2 / (k - 1) + within ** 2 / dfWithin);
  return {
    ...common,
    sigma: Math.sqrt(total),
    df,
    betweenPairSd: Math.sqrt(betweenVar),
    betweenPairSdUsed: Math.sqrt(betweenVar),
    betweenPairSource: 'measured',
  };
}

/** A declared spread (a fraction, `compare.endpoint-spread`) on the log comparison scale: ln(1 + s). */
export function endpointSdOnLogScale(spread: number | undefined): number | undefined {
  return spread === undefined || spread <= 0 ? undefined : Math.log(1 + spread);
}

function meanOf(values: readonly number[]): number {
  return values.reduce((a, v) => a + v, 0) / values.length;
}
