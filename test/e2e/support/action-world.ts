/**
 * What every e2e test of the action stands up before its runs: the emulator (with the file's
 * scenario), the fake GitHub API, optionally the fake artifact service, and a repository under the
 * file's temporary root; `close()` stops them, restores this process's environment and removes the root.
 */
import { rmSync } from 'node:fs';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator/index.js';
import {
  startFakeArtifactService,
  type FakeArtifactService,
  type FakeArtifactServiceOptions,
} from '../../github/fake-artifact-service.js';
import { startFakeGitHub, type FakeGitHub } from '../../github/fake-github.js';
import { QUICK_LIFECYCLE } from '../../endpoint/support/fixtures.js';
import { createRepository, type TestRepository } from './repository.js';
import { runtimeToken } from './workflow-event.js';

export interface ActionWorld {
  emulator: RunningEmulator;
  github: FakeGitHub;
  /** Started when asked for. */
  artifacts: FakeArtifactService | undefined;
  repo: TestRepository;
  close(): Promise<void>;
}

export async function startActionWorld(
  root: string,
  options: {
    /** The emulator's options; the lifecycle defaults to the quick one of the endpoint tests. */
    emulator?: EmulatorOptions;
    /** Shorthand for a scenario of one instance profile: ml.m5.xlarge, this median and workers (σ 0.1, queue 64). */
    profile?: { median: string; workers: number };
    /**
     * The artifact service: `true` checks tokens against `ACTIONS_RUNTIME_TOKEN`, which is set in this
     * process's environment (the runner's children inherit it); or the service's own options.
     */
    artifacts?: true | FakeArtifactServiceOptions;
    /** Export the emulator's variables into this process's environment (for in-process SDK clients). */
    exportEmulatorEnv?: boolean;
  },
): Promise<ActionWorld> {
  const savedEnv = { ...process.env };
  const profile = options.profile && {
    scenario: {
      'instance-profiles': { 'ml.m5.xlarge': { ...options.profile, sigma: 0.1, queue: 64 } },
    },
  };
  const emulator = await startEmulator({ lifecycle: QUICK_LIFECYCLE, ...profile, ...options.emulator });
  if (options.exportEmulatorEnv) Object.assign(process.env, emulator.env);
  const github = await startFakeGitHub();
  let artifacts: FakeArtifactService | undefined;
  if (options.artifacts === true) {
    artifacts = await startFakeArtifactService();
    process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken();
  } else if (options.artifacts) {
    artifacts = await startFakeArtifactService(options.artifacts);
  }
  return {
    emulator,
    github,
    artifacts,
    repo: createRepository(root),
    close: async () => {
      await Promise.all([emulator.close(), github.close(), artifacts?.close()]);
      process.env = savedEnv;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
