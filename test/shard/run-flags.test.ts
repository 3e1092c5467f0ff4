import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../merge/cli-run.js';

describe('run --shard / --start-at', () => {
  let root: string;
  let config: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'perf-gate-shard-flags-'));
    config = join(root, 'perf-gate.yml');
    await writeFile(
      config,
      'endpoint: { name: e, region: us-east-1 }\nrequest: { payloads: [{ json: 1 }] }\nload: { stages: [{ duration: 1s, target: 2 }] }\n',
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('refuses bad shard flags before any request, naming the flag (exit 2)', async () => {
    const [noStart, badShard] = await Promise.all([
      runCli(['run', '--config', config, '--shard', '1/2']),
      runCli(['run', '--config', config, '--shard', '3/2', '--start-at', '2026-01-01T00:00:00Z']),
    ]);
    expect(noStart.code).toBe(2);
    expect(noStart.stderr).toContain('start-at: is required with `shard: 1/2`');
    expect(badShard.code).toBe(2);
    expect(badShard.stderr).toContain(
      'shard (from flag --shard): shard index must be between 1 and 2, got "3/2"',
    );
  });
});
