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
 */

/** The estimate of the change on the comparison scale, with its noise. */
export interface PairLevelEstimate {
  /** Mean of the pair means (δ̂). */
  mean: number;
  /** Standard error of `mean`. */
  sigma: number;
  /** Welch–Satterthwaite degrees of freedom of `sigma`. */
  df: number;
  /** σ̂_e: the spread between endpoint pairs beyond block noise (null with one pair). */
  betweenPairSd: number | null;
  /** σ̂_w: block-to-block spread within a pair. */
  withinPairSd: number;
  pairs: number;
  blockPairs: number;
}

/** Estimates δ from the block log ratios of each endpoint pair (undefined without 2 block pairs). */
export function pairLevelEstimate(
  ratiosByPair: readonly (readonly number[])[],
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
  if (k === 1) {
    return {
      mean,
      sigma: Math.sqrt(within),
      df: dfWithin,
      betweenPairSd: null,
      withinPairSd: Math.sqrt(withinVar),
      pairs: k,
      blockPairs,
    };
  }
  const sd2 = means.reduce((a, d) => a + (d - mean) ** 2, 0) / (k - 1);
  const betweenVar = Math.max(0, sd2 - withinVar / mBar);
  const between = betweenVar / k;
  const total = between + within;
  const df = total === 0 ? dfWithin : total ** 2 / (between ** 2 / (k - 1) + within ** 2 / dfWithin);
  return {
    mean,
    sigma: Math.sqrt(total),
    df,
    betweenPairSd: Math.sqrt(betweenVar),
    withinPairSd: Math.sqrt(withinVar),
    pairs: k,
    blockPairs,
  };
}

function meanOf(values: readonly number[]): number {
  return values.reduce((a, v) => a + v, 0) / values.length;
}
