/**
 * The in-process LIFO record of what this run created. Every change is written through to the
 * `StateStore` at once, so the post step (or a later CLI teardown) sees exactly what exists.
 */
import type { CreatedResource } from './resources.js';
import type { StateStore, TeardownState } from './state.js';

export class CleanupStack {
  private readonly resources: CreatedResource[];
  private keep: boolean;

  /**
   * `initial` (creation order) seeds the stack from saved state, e.g. in the post step;
   * `teardownTimeoutMs` is saved along so a later teardown retries as long as this run would;
   * `keep` (the user's `keep: true`) is saved from the first record on, so a post step after a
   * killed main honours it too.
   */
  constructor(
    private readonly store: StateStore,
    readonly region: string,
    options: {
      initial?: readonly CreatedResource[];
      teardownTimeoutMs?: number | undefined;
      keep?: boolean;
    } = {},
  ) {
    this.resources = [...(options.initial ?? [])];
    this.teardownTimeoutMs = options.teardownTimeoutMs;
    this.keep = options.keep ?? false;
  }

  private readonly teardownTimeoutMs: number | undefined;

  /** Records a resource the moment its create call returned. */
  push(resource: CreatedResource): void {
    this.resources.push({ ...resource });
    this.persist();
  }

  /** Forgets a resource that is gone. */
  remove(resource: Pick<CreatedResource, 'kind' | 'name'>): void {
    const index = this.resources.findIndex((r) => r.kind === resource.kind && r.name === resource.name);
    if (index >= 0) {
      this.resources.splice(index, 1);
      this.persist();
    }
  }

  /** Marks the resources as deliberately kept: the post step leaves them alone. */
  markKept(): void {
    this.keep = true;
    this.persist();
  }

  /** Resources in teardown order (most recent first). */
  toTeardown(): CreatedResource[] {
    return [...this.resources].reverse();
  }

  get size(): number {
    return this.resources.length;
  }

  /** The state as saved. */
  snapshot(): TeardownState {
    return {
      version: 1,
      region: this.region,
      resources: [...this.resources],
      keep: this.keep,
      teardownTimeoutMs: this.teardownTimeoutMs,
    };
  }

  private persist(): void {
    this.store.save(this.snapshot());
  }
}
