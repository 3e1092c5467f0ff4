/** The next request body of one generator: payload selection plus the serializer/batch body builder. */
import type { RequestConfig } from '../../config/request-schema.js';
import { deriveSeed, seededRandom } from '../../core/random.js';
import type { Payload } from '../payloads/payload.js';
import { prepareBodies, type BodyBuilder, type RequestBody } from '../payloads/request-bodies.js';
import { createSelector, type PayloadSelector } from '../payloads/selection.js';
import type { LoadShare } from '../stages/share.js';

/** The request settings that shape bodies (plain data). */
export type BodySettings = Pick<RequestConfig, 'serializer' | 'batch' | 'targetModel' | 'selection' | 'seed'>;

export class RequestSource {
  private readonly builder: BodyBuilder;
  private readonly selector: PayloadSelector;
  private readonly indices: number[];

  /** `share`: this generator's share of the run's requests (see `LoadShare`). */
  constructor(payloads: readonly Payload[], settings: BodySettings, share: LoadShare) {
    this.builder = prepareBodies(payloads, settings);
    const random = seededRandom(deriveSeed(settings.seed, `payloads/${share.offset}/${share.step}`));
    const weights = payloads.map((p) => p.weight);
    this.selector = createSelector(settings.selection, weights, random, share);
    this.indices = new Array<number>(settings.batch).fill(0);
  }

  next(): RequestBody {
    this.selector.fill(this.indices);
    return this.builder.build(this.indices);
  }
}
