/**
 * `shard` and `start-at` given as CLI flags or action inputs: turned into config overrides, so the one
 * config schema validates them and its messages name the flag or input.
 */
import type { ConfigOverride } from '../config/config-overrides.js';

export interface ShardSettings {
  /** `i/n`, as typed. */
  shard?: string | undefined;
  /** ISO 8601 or epoch milliseconds, as typed. */
  startAt?: string | undefined;
}

/**
 * Overrides for the given settings.
 * @param origin how a setting is named in messages, e.g. `(key) => \`flag --${key}\``
 */
export function shardOverrides(
  settings: ShardSettings,
  origin: (key: 'shard' | 'start-at') => string,
): ConfigOverride[] {
  const overrides: ConfigOverride[] = [];
  const shard = settings.shard?.trim();
  if (shard) overrides.push({ path: ['shard'], value: shard, origin: origin('shard') });
  const startAt = settings.startAt?.trim();
  if (startAt) {
    // Digits only: epoch ms (the schema wants a number); anything else goes to the ISO 8601 check.
    const value = /^\d+$/.test(startAt) ? Number(startAt) : startAt;
    overrides.push({ path: ['start-at'], value, origin: origin('start-at') });
  }
  return overrides;
}
