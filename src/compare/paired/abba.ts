/**
 * The ABBA block order of paired mode: A B B A A B B A … for `pairs` pairs (2 × pairs blocks).
 * Each AB pair is followed by a BA pair, so a drift that grows steadily during the run biases the
 * two orientations in opposite directions and cancels in the mean.
 */
export type BlockRole = 'baseline' | 'candidate';

/** The roles of the blocks, in order. */
export function abbaOrder(pairs: number): BlockRole[] {
  const order: BlockRole[] = [];
  for (let i = 0; i < pairs; i++) {
    order.push(
      ...(i % 2 === 0 ? (['baseline', 'candidate'] as const) : (['candidate', 'baseline'] as const)),
    );
  }
  return order;
}

/**
 * How many pairs a stage gets: each endpoint receives blocks adding up to the stage's duration
 * (so a paired run takes twice as long as a history run), at least 2 pairs.
 */
export function pairsForStage(stageDurationMs: number, blockDurationMs: number): number {
  return Math.max(2, Math.round(stageDurationMs / Math.max(1, blockDurationMs)));
}
