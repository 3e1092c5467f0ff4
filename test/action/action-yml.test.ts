import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Inputs, LIMIT_INPUTS, OUTPUTS, SETTING_INPUTS } from '../../src/action/constants.js';
import { readActionInputs } from '../../src/action/inputs.js';

interface ActionYml {
  inputs: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post: string; 'post-if': string };
}
const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('declares exactly the inputs of the constants module, each with a description and a default', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(
      [...Object.values(Inputs), ...SETTING_INPUTS, ...LIMIT_INPUTS].sort(),
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(typeof input.default, name).toBe('string');
      expect(input.required ?? false, name).toBe(false);
    }
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}');
  });

  it('declares exactly the outputs the action sets, and runs main and post on node24', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...OUTPUTS].sort());
    for (const [name, output] of Object.entries(action.outputs))
      expect(output.description, name).toBeTruthy();
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/main/index.js',
      post: 'dist/post/index.js',
      'post-if': 'always()',
    });
  });
});

describe('readActionInputs', () => {
  it('masks the token before reading anything else, and refuses an unknown mode', () => {
    const calls: string[] = [];
    const values: Record<string, string> = { 'github-token': 'ghs_secret', mode: 'merge', stages: 'a:1s@1' };
    const api = {
      getInput: (name: string) => {
        calls.push(`get ${name}`);
        return values[name] ?? '';
      },
      setSecret: (secret: string) => calls.push(`mask ${secret}`),
    };
    const inputs = readActionInputs(api);
    expect(calls.slice(0, 2)).toEqual(['get github-token', 'mask ghs_secret']);
    expect(inputs).toMatchObject({
      mode: 'merge',
      configPath: '.github/perf-gate.yml',
      githubToken: 'ghs_secret',
    });
    expect(inputs.settings.stages).toBe('a:1s@1');
    values.mode = 'deploy';
    expect(() => readActionInputs(api)).toThrow(
      /input "mode": must be one of run, merge, sweep, but got "deploy"/,
    );
  });
});
