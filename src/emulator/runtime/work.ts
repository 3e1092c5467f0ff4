/**
 * How much work one request is for a modelled variant: its service time (profile × model factor ×
 * drift, plus a multi-model cold load), and for text generation the token timing.
 */
import { sampleLognormalUs } from '../capacity/service-time.js';
import { readGenerationRequest, tokenText } from '../model/generation.js';
import type { DeployedVariant } from '../state/deployed.js';

/** Extra time to load `targetModel` on a multi-model variant (0 when loaded), updating the LRU. */
export function multiModelLoadUs(
  variant: DeployedVariant,
  targetModel: string | undefined,
  nowUs: number,
): number {
  if (targetModel === undefined || !variant.model.multiModel) return 0;
  const loaded = variant.loadedModels;
  const hit = loaded.delete(targetModel);
  loaded.set(targetModel, nowUs);
  if (!hit && loaded.size > variant.model.mmeMaxLoaded) {
    const oldest = loaded.keys().next().value;
    if (oldest !== undefined) loaded.delete(oldest);
  }
  return hit ? 0 : variant.model.mmeLoadUs;
}

/** Token timing of one generation. */
export interface GenerationPlan {
  /** Time to the first token (queue excluded, prefill included), µs. */
  ttftUs: number;
  /** Gap before token i (index 0 unused) with one sequence in flight, µs. */
  gapsUs: number[];
  tokens: number;
  words: readonly string[];
  /** Sum of ttft and gaps with one sequence in flight, µs. */
  totalUs: number;
  /** Prompt tokens (words of the prompt). */
  inputTokens: number;
  /** A chat-completions request. */
  chat: boolean;
  /** The request asked for a usage chunk. */
  includeUsage: boolean;
}

/**
 * Continuous batching: every sequence in flight on the variant shares each decode step, so the
 * gap between tokens grows by `decode-slowdown` for each sequence beyond the first.
 */
export function decodeFactor(variant: DeployedVariant): number {
  const slowdown = variant.model.streaming.decodeSlowdown;
  return slowdown === 0 ? 1 : 1 + slowdown * Math.max(0, variant.pool.busy - 1);
}

/** Draws the token timing of a generation request on this variant. */
export function planGeneration(variant: DeployedVariant, body: Buffer): GenerationPlan {
  const streaming = variant.model.streaming;
  const request = readGenerationRequest(body);
  const tokens = request.maxTokens ?? streaming.tokens;
  const scale = variant.latencyScale;
  // Prefill: the whole prompt is processed before the first token.
  const prefillUs = streaming.prefillPerTokenUs * request.inputTokens * scale;
  const ttftUs =
    prefillUs +
    (streaming.ttftMedianUs === undefined
      ? sampleLognormalUs(variant.serviceTime, variant.random)
      : sampleLognormalUs(
          { medianUs: streaming.ttftMedianUs * scale, sigma: variant.serviceTime.sigma },
          variant.random,
        ));
  const gapsUs = [0];
  let totalUs = ttftUs;
  const gapSpec = { medianUs: streaming.interTokenUs * scale, sigma: streaming.interTokenSigma };
  for (let i = 1; i < tokens; i++) {
    const gap = sampleLognormalUs(gapSpec, variant.random);
    gapsUs.push(gap);
    totalUs += gap;
  }
  return {
    ttftUs,
    gapsUs,
    tokens,
    words: request.words,
    totalUs,
    inputTokens: request.inputTokens,
    chat: request.chat,
    includeUsage: request.includeUsage,
  };
}

/** The full text of a plan (what a non-streaming call returns). */
export function planText(plan: GenerationPlan): string {
  let text = '';
  for (let i = 0; i < plan.tokens; i++) text += tokenText(plan.words, i);
  return text;
}
