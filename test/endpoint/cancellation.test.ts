import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/logger.js';
import { raceWithCancellation, RunCancelledError } from '../../src/endpoint/cancel.js';
import { listenForCancellation, type SignalSource } from '../../src/endpoint/signals.js';

describe('cancellation', () => {
  it('turns the first SIGTERM into an abort, logs a second one, and stops listening when disposed', () => {
    const emitter = new EventEmitter();
    const logger = memoryLogger();
    const scope = listenForCancellation(emitter as SignalSource, logger);
    emitter.emit('SIGTERM');
    expect(scope.signal.aborted).toBe(true);
    expect(scope.signal.reason).toBeInstanceOf(RunCancelledError);
    expect((scope.signal.reason as RunCancelledError).signal).toBe('SIGTERM');
    emitter.emit('SIGINT');
    expect(logger.lines.at(-1)).toMatch(/Received SIGINT again; still tearing down/);
    scope.dispose();
    expect(emitter.listenerCount('SIGTERM') + emitter.listenerCount('SIGINT')).toBe(0);
  });

  it('rejects a race as soon as the signal aborts, even when the work ignores it', async () => {
    const controller = new AbortController();
    const never = new Promise<void>(() => undefined);
    const raced = raceWithCancellation(never, controller.signal);
    controller.abort(new RunCancelledError('SIGINT'));
    await expect(raced).rejects.toThrow('Cancelled by SIGINT');
    await expect(raceWithCancellation(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });
});
