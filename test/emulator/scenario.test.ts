import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { startEmulator } from '../../src/emulator/index.js';

async function scenarioFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'emulator-scenario-'));
  const path = join(dir, 'scenario.yml');
  await writeFile(path, text);
  return path;
}

describe('scenario files', () => {
  it('loads endpoints, profiles and tags from YAML', async () => {
    const path = await scenarioFile(`
seed: 3
instance-profiles:
  ml.g5.2xlarge: { workers: 6, median: 12ms }
models:
  llm: { image: my-image:1, environment: { EMULATOR_LATENCY_FACTOR: "1.5" } }
endpoints:
  chat:
    variants: [{ model: llm, instance-type: ml.g5.2xlarge, instance-count: 2 }]
    tags: { team: ml }
`);
    const emulator = await startEmulator({ scenario: path });
    try {
      expect(emulator.resources()).toEqual({
        models: ['llm'],
        endpointConfigs: ['chat-config'],
        endpoints: [{ name: 'chat', status: 'InService' }],
      });
      const variant = emulator.endpoint('chat')?.variants[0];
      expect(variant?.workers).toBe(12);
      expect(variant?.serviceTime.medianUs).toBeCloseTo(18_000, 6);
    } finally {
      await emulator.close();
    }
  });

  it('names the bad field', async () => {
    const path = await scenarioFile(`
endpoints:
  chat:
    variants: [{ model: llm, instance-count: 0 }]
`);
    const error = await startEmulator({ scenario: path }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserInputError);
    const fields = (error as UserInputError).issues.map((i) => i.field);
    expect(fields).toContain('endpoints.chat.variants[0].instance-count');
  });

  it('rejects a variant whose model is not declared, and unknown keys', async () => {
    await expect(
      startEmulator({ scenario: { endpoints: { e: { variants: [{ model: 'ghost' }] } } } }),
    ).rejects.toThrow(/endpoints\.e\.variants\[0\]\.model: model "ghost" is not declared/);
    await expect(startEmulator({ scenario: { nosie: {} } as never })).rejects.toThrow(
      /unknown field "nosie"/,
    );
    await expect(startEmulator({ scenario: '/nonexistent/scenario.yml' })).rejects.toThrow(
      /cannot read the scenario file/,
    );
  });

  it('fails to start when a model environment variable is malformed', async () => {
    await expect(
      startEmulator({
        scenario: {
          models: { m: { environment: { EMULATOR_LATENCY_FACTOR: 'fast' } } },
          endpoints: { e: { variants: [{ model: 'm' }] } },
        },
      }),
    ).rejects.toThrow(/EMULATOR_LATENCY_FACTOR must be a positive number, got "fast"/);
  });

  it('loads every example scenario in examples/emulator', async () => {
    const files = (await readdir('examples/emulator')).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const emulator = await startEmulator({ scenario: join('examples/emulator', file) });
      await emulator.close();
    }
  });
});
