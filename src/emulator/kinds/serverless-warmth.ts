/**
 * Serverless execution environments: each concurrent request needs one; a free warm one serves at
 * once, otherwise a new one starts first (a cold start, `ModelSetupTime`). Environments idle longer
 * than the idle timeout are reclaimed, except the provisioned ones, which stay warm. MaxConcurrency
 * itself is enforced by the variant's pool (no queue: beyond it SageMaker throttles).
 */
import type { ServerlessSettings } from './settings.js';

export class ServerlessWarmth {
  /** Free warm environments: the monotonic µs each became idle (most recent last). */
  private readonly idleSinceUs: number[] = [];
  /** Environments that exist (busy or idle) and are provisioned, i.e. never reclaimed. */
  private readonly provisioned: number;
  private freeProvisioned: number;
  readonly coldStartUs: number;
  private readonly idleTimeoutUs: number;

  constructor(settings: ServerlessSettings, provisionedConcurrency: number) {
    this.provisioned = provisionedConcurrency;
    this.freeProvisioned = provisionedConcurrency;
    this.coldStartUs = settings.coldStartMs * 1000;
    this.idleTimeoutUs = settings.idleTimeoutMs * 1000;
  }

  /**
   * Takes an environment for a request starting at `startUs`; returns the setup time it must wait
   * first (0 when warm) and whether the environment is a provisioned one (to give it back as such).
   */
  acquire(startUs: number): { setupUs: number; provisioned: boolean } {
    if (this.freeProvisioned > 0) {
      this.freeProvisioned--;
      return { setupUs: 0, provisioned: true };
    }
    // Reclaim environments idle past the timeout (oldest first).
    while (this.idleSinceUs.length > 0 && startUs - (this.idleSinceUs[0] as number) > this.idleTimeoutUs)
      this.idleSinceUs.shift();
    if (this.idleSinceUs.length > 0) {
      this.idleSinceUs.pop();
      return { setupUs: 0, provisioned: false };
    }
    return { setupUs: this.coldStartUs, provisioned: false };
  }

  /** Gives an environment back at `endUs`. */
  release(endUs: number, provisioned: boolean): void {
    if (provisioned && this.freeProvisioned < this.provisioned) this.freeProvisioned++;
    else this.idleSinceUs.push(endUs);
  }
}
