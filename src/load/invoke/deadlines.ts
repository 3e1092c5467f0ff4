/**
 * Per-request timeouts without a timer per request: in-flight requests register a deadline and a
 * periodic sweep (a tenth of the timeout, 10–200 ms) cancels the overdue ones. At tens of
 * thousands of requests per second this is far cheaper than one `setTimeout` each, and a timeout
 * only needs to be accurate to a fraction of itself.
 */

export interface Cancellable {
  /** Monotonic µs after which the request is overdue. */
  readonly deadlineUs: number;
  /** Ends the request as a timeout. */
  cancel(): void;
}

export class DeadlineSweeper {
  private readonly active = new Set<Cancellable>();
  private timer: NodeJS.Timeout | undefined;
  private readonly periodMs: number;

  constructor(
    timeoutMs: number,
    private readonly monotonicUs: () => number,
  ) {
    this.periodMs = Math.max(10, Math.min(200, Math.round(timeoutMs / 10)));
  }

  add(request: Cancellable): void {
    this.active.add(request);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.periodMs);
      this.timer.unref();
    }
  }

  remove(request: Cancellable): void {
    this.active.delete(request);
  }

  /** Cancels everything still registered (used on close). */
  cancelAll(): void {
    for (const request of [...this.active]) request.cancel();
    this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private sweep(): void {
    if (this.active.size === 0) return;
    const now = this.monotonicUs();
    for (const request of this.active) {
      if (request.deadlineUs <= now) {
        this.active.delete(request);
        request.cancel();
      }
    }
  }
}
