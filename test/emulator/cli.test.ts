import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { entryBundle } from '../support/entry-bundles.js';

describe('sagemaker-perf-gate emulator (CLI)', () => {
  it('prints the URL first, then the variables to export, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [entryBundle('cli'), 'emulator', '--port', '0', '--seed', '5'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('AWS_SECRET_ACCESS_KEY')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const lines = out.trim().split('\n');
    const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(lines[0] ?? '');
    expect(match).not.toBeNull();
    const url = match?.[1] ?? '';
    expect(lines).toContain(`export AWS_ENDPOINT_URL_SAGEMAKER=${url}`);
    expect(lines).toContain(`export AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME=${url}`);
    expect(lines).toContain('export AWS_REGION=us-east-1');
    const res = await fetch(`${url}/endpoints/demo/invocations`, { method: 'POST', body: '{"a":1}' });
    expect(await res.text()).toBe('{"a":1}');
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('exits with 2 and names the field for a bad scenario', async () => {
    const child = spawn(process.execPath, [entryBundle('cli'), 'emulator', '--scenario', 'package.json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/Invalid emulator scenario in package\.json/);
  });
});
