/**
 * `sagemaker-perf-gate sweep` as a real CLI process against the emulator: it removes only expired
 * resources carrying our tags, `--older-than` widens that to old ones, and `--dry-run` removes nothing.
 */
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  SageMakerClient,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { dueReason } from '../../src/endpoint/sweep.js';
import { candidateTags } from '../../src/endpoint/tags.js';
import { runCli, runnerJob, startMain } from './support/action-steps.js';
import { inventory, liveResources, QUICK_LIFECYCLE, resourcesNamed } from './support/fixtures.js';

let emulator: RunningEmulator;
let sagemaker: SageMakerClient;
let env: Record<string, string>;
const HOUR_MS = 3_600_000;

beforeAll(async () => {
  emulator = await startEmulator({ lifecycle: QUICK_LIFECYCLE });
  sagemaker = new SageMakerClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  env = {
    PATH: process.env.PATH ?? '',
    AWS_ENDPOINT_URL_SAGEMAKER: emulator.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_REPOSITORY: 'acme/models',
  };
});
afterAll(async () => {
  sagemaker.destroy();
  await emulator.close();
});

/** A model, endpoint config and endpoint named `name`, all carrying `tags`. */
async function deployTagged(name: string, tags: Tag[]): Promise<void> {
  await sagemaker.send(
    new CreateModelCommand({
      ModelName: name,
      PrimaryContainer: { Image: 'emulator/echo:latest' },
      Tags: tags,
    }),
  );
  await sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [
        { VariantName: 'AllTraffic', ModelName: name, InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 1 },
      ],
      Tags: tags,
    }),
  );
  await sagemaker.send(
    new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name, Tags: tags }),
  );
}

const run = (runId: string) => ({ runId, attempt: 1, repository: 'acme/models', sha: 'feedface' });

describe('sweep', () => {
  it('decides what is due from the expiry, or the age with --older-than', () => {
    const nowMs = 10 * HOUR_MS;
    expect(dueReason(nowMs - HOUR_MS, nowMs - 7 * HOUR_MS, { nowMs })).toBe('expired 1h ago');
    expect(dueReason(nowMs + HOUR_MS, nowMs - 3 * HOUR_MS, { nowMs })).toBeUndefined();
    expect(dueReason(nowMs + HOUR_MS, nowMs - 3 * HOUR_MS, { nowMs, olderThanMs: 2 * HOUR_MS })).toBe(
      'created 3h ago, older than 2h',
    );
    expect(dueReason(undefined, undefined, { nowMs, olderThanMs: 0 })).toBeUndefined();
  });

  it('removes only expired resources carrying our tags; --dry-run removes nothing', async () => {
    const nowMs = Date.now();
    await deployTagged('perf-gate-expired-1', candidateTags(run('3001'), nowMs - 8 * HOUR_MS, 6 * HOUR_MS));
    await deployTagged('perf-gate-fresh-2', candidateTags(run('3002'), nowMs, 6 * HOUR_MS));
    await deployTagged('perf-gate-old-3', candidateTags(run('3003'), nowMs - 3 * HOUR_MS, 6 * HOUR_MS));
    // Not ours: no run-id tag, whatever the name, age or other tags say.
    await deployTagged('perf-gate-lookalike-4', [
      { Key: 'perf-gate:expires-at', Value: '2000-01-01T00:00:00.000Z' },
    ]);
    await deployTagged('team-model-5', [{ Key: 'team', Value: 'ml' }]);
    const before = inventory(liveResources(emulator.resources()));
    const all = (prefix: string) => resourcesNamed(emulator.resources(), prefix);

    const dry = await runCli(['sweep', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.trim().split('\n')).toEqual([
      'would delete\tendpoint "perf-gate-expired-1"\trun 3001\texpired 2h ago',
      'would delete\tendpoint config "perf-gate-expired-1"\trun 3001\texpired 2h ago',
      'would delete\tmodel "perf-gate-expired-1"\trun 3001\texpired 2h ago',
    ]);
    expect(dry.stderr).toMatch(
      /Examined \d+ resources in us-east-1: 9 carry perf-gate tags, 3 would be swept, 6 skipped\./,
    );
    expect(inventory(liveResources(emulator.resources()))).toEqual(before);

    const swept = await runCli(['sweep', '--region', 'us-east-1'], env);
    expect(swept.code, swept.stderr).toBe(0);
    expect(swept.stdout.match(/^deleted\t/gm)).toHaveLength(3);
    expect(all('perf-gate-expired-1').filter((r) => !r.endsWith(':Deleting'))).toEqual([]);
    for (const kept of ['perf-gate-fresh-2', 'perf-gate-old-3', 'perf-gate-lookalike-4', 'team-model-5'])
      expect(all(kept), kept).toHaveLength(3);
    expect(emulator.resources().endpoints.some((e) => e.name === 'demo')).toBe(true);

    const older = await runCli(['sweep', '--older-than', '2h'], env);
    expect(older.code, older.stderr).toBe(0);
    // The age is measured now: on a busy machine the test itself can take minutes.
    expect(older.stdout).toMatch(
      /deleted\tendpoint "perf-gate-old-3"\trun 3003\tcreated 3h(\d+m)? ago, older than 2h/,
    );
    expect(all('perf-gate-old-3').filter((r) => !r.endsWith(':Deleting'))).toEqual([]);
    expect(all('perf-gate-fresh-2')).toHaveLength(3);
    expect(all('perf-gate-lookalike-4')).toHaveLength(3);
  });

  it('runs as the action with mode: sweep (dry run), reporting the count as an output', async () => {
    await deployTagged(
      'perf-gate-expired-6',
      candidateTags(run('3006'), Date.now() - 7 * HOUR_MS, 6 * HOUR_MS),
    );
    const before = inventory(liveResources(emulator.resources()));
    const job = runnerJob({
      emulatorUrl: emulator.url,
      runId: '3007',
      inputs: { mode: 'sweep', 'sweep-dry-run': 'true', 'sweep-older-than': '' },
    });
    const result = await startMain(job).done;
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain(
      'Would delete endpoint "perf-gate-expired-6" (run 3006 of acme/models; expired 1h ago).',
    );
    expect(result.outputs.swept).toBe('3');
    expect(inventory(liveResources(emulator.resources()))).toEqual(before);
  });

  it("sweep from repository A leaves repository B's resources, and kept ones unless asked; the dry run says why", async () => {
    const createdMs = Date.now() - 8 * HOUR_MS;
    const tagsOf = (repository: string, extra: { keep?: boolean; namePrefix?: string } = {}) =>
      candidateTags({ ...run('3100'), repository }, createdMs, 6 * HOUR_MS, {
        namePrefix: extra.namePrefix ?? 'perf-gate',
        keep: extra.keep,
      });
    await deployTagged('perf-gate-a-mine-10', tagsOf('acme/a'));
    await deployTagged('perf-gate-b-theirs-11', tagsOf('acme/b'));
    await deployTagged('perf-gate-a-kept-12', tagsOf('acme/a', { keep: true }));
    await deployTagged('other-a-prefix-13', tagsOf('acme/a', { namePrefix: 'other' }));
    const all = (prefix: string) =>
      resourcesNamed(emulator.resources(), prefix).filter((r) => !r.endsWith(':Deleting'));
    const repoA = { ...env, GITHUB_REPOSITORY: 'acme/a' };

    const dry = await runCli(['sweep', '--dry-run', '--older-than', '1s'], repoA);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^would delete\tendpoint "perf-gate-a-mine-10"\trun 3100\texpired 2h(\d+m)? ago$/,
      ),
      expect.stringMatching(/^would delete\tendpoint config "perf-gate-a-mine-10"\trun 3100\texpired/),
      expect.stringMatching(/^would delete\tmodel "perf-gate-a-mine-10"\trun 3100\texpired/),
    ]);
    expect(dry.stderr).toContain(
      'Skipping endpoint "perf-gate-b-theirs-11" (run 3100): tagged for repository acme/b, not acme/a.',
    );
    expect(dry.stderr).toContain(
      'Skipping endpoint "perf-gate-a-kept-12" (run 3100): kept on purpose (keep: true); pass --include-kept to sweep it.',
    );
    expect(dry.stderr).toContain(
      'Skipping endpoint "other-a-prefix-13" (run 3100): name prefix other, not perf-gate.',
    );

    const swept = await runCli(['sweep', '--older-than', '1s'], repoA);
    expect(swept.code, swept.stderr).toBe(0);
    expect(all('perf-gate-a-mine-10')).toEqual([]);
    for (const left of ['perf-gate-b-theirs-11', 'perf-gate-a-kept-12', 'other-a-prefix-13'])
      expect(all(left), left).toHaveLength(3);

    const kept = await runCli(['sweep', '--include-kept'], repoA);
    expect(kept.code, kept.stderr).toBe(0);
    expect(all('perf-gate-a-kept-12')).toEqual([]);
    expect(all('perf-gate-b-theirs-11')).toHaveLength(3);
  });

  it('refuses a bad --older-than with exit 2', async () => {
    const result = await runCli(['sweep', '--older-than', 'soon'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--older-than: expected a duration like "2h" or "30m", but got "soon"');
  });
});
