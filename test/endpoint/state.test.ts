import * as core from '@actions/core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CleanupStack } from '../../src/endpoint/cleanup-stack.js';
import { parseState, TEARDOWN_STATE_KEY } from '../../src/endpoint/state.js';
import { actionStateStore, fileStateStore, memoryStateStore } from '../../src/endpoint/state-stores.js';
import { parseFileCommands, postStepStateEnv } from './support/runner-files.js';

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('cleanup stack', () => {
  it('writes every change through to the store at once and tears down most recent first', () => {
    const store = memoryStateStore();
    const stack = new CleanupStack(store, 'us-east-1', { teardownTimeoutMs: 3000 });
    stack.push({ kind: 'model', name: 'm' });
    expect(store.load()?.resources).toEqual([{ kind: 'model', name: 'm' }]);
    stack.push({ kind: 'endpoint-config', name: 'c' });
    stack.push({ kind: 'endpoint', name: 'e', arn: 'arn:e' });
    expect(store.saved).toHaveLength(3);
    expect(stack.toTeardown().map((r) => r.kind)).toEqual(['endpoint', 'endpoint-config', 'model']);
    stack.remove({ kind: 'endpoint', name: 'e' });
    stack.remove({ kind: 'endpoint', name: 'not-ours' });
    expect(store.saved).toHaveLength(4);
    expect(store.load()).toEqual({
      version: 1,
      region: 'us-east-1',
      keep: false,
      teardownTimeoutMs: 3000,
      resources: [
        { kind: 'model', name: 'm' },
        { kind: 'endpoint-config', name: 'c' },
      ],
    });
    stack.markKept();
    expect(store.load()?.keep).toBe(true);
  });
});

describe('state stores', () => {
  it('action state: saveState lines in GITHUB_STATE reach the post step as STATE_* and read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-state-'));
    const stateFile = join(dir, 'state');
    writeFileSync(stateFile, '');
    process.env.GITHUB_STATE = stateFile;
    const stack = new CleanupStack(actionStateStore(core), 'eu-west-1');
    stack.push({ kind: 'model', name: 'm1', arn: 'arn:aws:sagemaker:eu-west-1:1:model/m1' });
    stack.push({ kind: 'endpoint-config', name: 'c1' });
    // Durable before anything else happens: the file already holds both records.
    const written = parseFileCommands(readFileSync(stateFile, 'utf8'));
    expect(parseState(written[TEARDOWN_STATE_KEY] ?? '')?.resources.map((r) => r.name)).toEqual(['m1', 'c1']);

    delete process.env.GITHUB_STATE;
    Object.assign(process.env, postStepStateEnv(stateFile));
    const loaded = actionStateStore(core).load();
    expect(loaded?.region).toBe('eu-west-1');
    expect(loaded?.resources).toEqual([
      { kind: 'model', name: 'm1', arn: 'arn:aws:sagemaker:eu-west-1:1:model/m1' },
      { kind: 'endpoint-config', name: 'c1' },
    ]);
  });

  it('action state: nothing saved reads as undefined', () => {
    delete process.env[`STATE_${TEARDOWN_STATE_KEY}`];
    expect(actionStateStore(core).load()).toBeUndefined();
  });

  it('file state: replaces the file whole and reads it back; a missing file is no state', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pg-state-')), 'teardown.json');
    const store = fileStateStore(path);
    expect(store.load()).toBeUndefined();
    const stack = new CleanupStack(store, 'us-west-2');
    stack.push({ kind: 'endpoint', name: 'e' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ region: 'us-west-2' });
    expect(store.load()?.resources).toEqual([{ kind: 'endpoint', name: 'e' }]);
  });

  it('rejects state it cannot trust, saying why', () => {
    expect(parseState('')).toBeUndefined();
    expect(() => parseState('{oops')).toThrow(/not JSON/);
    expect(() =>
      parseState('{"version":1,"region":"x","resources":[{"kind":"bucket","name":"b"}],"keep":false}'),
    ).toThrow(/unexpected shape/);
  });
});

describe('runner file commands', () => {
  it('parse key=value and heredoc lines; the last value of a name wins', () => {
    const text = 'a=1\n\nb<<EOF\nline 1\nline=2\nEOF\na=3\n';
    expect(parseFileCommands(text)).toEqual({ a: '3', b: 'line 1\nline=2' });
    expect(() => parseFileCommands('x<<END\nno end\n')).toThrow(/delimiter/);
  });
});
