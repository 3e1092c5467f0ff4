/** The CLI bundle: every command's `--help` ends with examples; exit codes of help and misuse. */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(resolve(import.meta.dirname, '../..'), 'dist/cli/index.js');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) =>
      done({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
    );
  });
}

describe('sagemaker-perf-gate --help (dist/cli)', () => {
  it.concurrent.each(['run', 'compare', 'report', 'sweep', 'merge', 'emulator'])(
    '%s --help shows examples',
    async (command) => {
      const { code, stdout } = await cli([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: sagemaker-perf-gate ${command} `, 'm'));
      expect(stdout).toMatch(new RegExp(`Examples:\\n(  .*\\n)*  sagemaker-perf-gate ${command} `));
    },
  );

  it('lists every command, and a usage error exits 2', async () => {
    const { stdout } = await cli(['--help']);
    for (const command of ['run', 'compare', 'report', 'sweep', 'merge', 'emulator', 'demo'])
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect((await cli(['run'])).code).toBe(2);
  });
});
