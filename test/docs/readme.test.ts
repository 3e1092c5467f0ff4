/**
 * README.md stays true to the code: the action's inputs/outputs tables are the ones generated from
 * action.yml; the configuration reference lists exactly the schema's fields, with the defaults the
 * parser applies; workflow snippets only use inputs the action has; config snippets parse; the
 * quickstart is the two commands; local links point at files that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { describe, expect, it } from 'vitest';
import { syncReadme } from '../../scripts/readme-sync.mjs';
import { parseConfig } from '../../src/config/parse.js';
import { configSchema } from '../../src/config/schema.js';
import { schemaFields } from './support/schema-fields.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ACTION_YAML = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const ACTION = parseYamlText(ACTION_YAML) as { inputs: Record<string, unknown> };

/** The text of a `## ` section, up to the next one. */
function section(heading: string): string {
  const start = README.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const end = README.indexOf('\n## ', start + 4);
  return README.slice(start, end < 0 ? undefined : end);
}

/** Fenced code blocks of one language. */
function codeBlocks(text: string, language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm');
  for (const match of text.matchAll(fence)) blocks.push(match[1] ?? '');
  return blocks;
}

interface ReferenceRow {
  field: string;
  defaultCell: string;
}

/** Rows of the configuration reference tables; `a.b.<name>.x`, `.y` expands to both fields. */
function referenceRows(): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  for (const line of section('Configuration reference').split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
    const [fieldCell = '', defaultCell = ''] = cells;
    const names = [...fieldCell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    const first = names[0] ?? '';
    for (const name of names) {
      const field = name.startsWith('.') ? first.replace(/\.[^.]+$/, name) : name;
      rows.push({ field, defaultCell });
    }
  }
  return rows;
}

/** Base configs a documented default is tried in (the first whose shape has the field's parent). */
const COMMON = {
  request: { payloads: [{ json: { a: 1 } }], expect: { json: [{ path: '$.a' }] } },
  load: { stages: [{ name: 'steady', duration: '10s', target: 1 }] },
  slo: { stages: { steady: {} } },
};
const CONTEXTS: Record<string, unknown>[] = [
  { ...COMMON, endpoint: { name: 'existing', region: 'us-east-1' } },
  { ...COMMON, endpoint: { region: 'us-east-1', deploy: { 'from-endpoint': 'prod', variant: {} } } },
  {
    ...COMMON,
    endpoint: { region: 'us-east-1', deploy: { model: { image: 'img' }, 'instance-type': 'ml.g5.xlarge' } },
  },
  {
    ...COMMON,
    request: {
      format: 'openai-chat',
      synthetic: { 'input-tokens': { mean: 100 }, 'output-tokens': { mean: 20 } },
    },
    endpoint: { name: 'existing', region: 'us-east-1' },
  },
];

type Tree = Record<string, unknown>;

/** Sets `value` at a documented path (`a.b[].c`, `a.<name>.b`); creates missing objects on the way. */
function setAt(root: Tree, field: string, value: unknown): boolean {
  const parts = field.split('.');
  let node: Tree = root;
  for (const [i, raw] of parts.entries()) {
    const last = i === parts.length - 1;
    const isArray = raw.endsWith('[]');
    let key = isArray ? raw.slice(0, -2) : raw;
    if (key === '<name>') key = Object.keys(node)[0] ?? '';
    if (last && !isArray) {
      node[key] = value;
      return true;
    }
    let next = node[key];
    if (isArray) {
      if (!Array.isArray(next) || next.length === 0) return false;
      next = next[0];
    } else if (next === undefined) {
      next = node[key] = {};
    }
    if (typeof next !== 'object' || next === null) return false;
    node = next as Tree;
  }
  return false;
}

describe('README.md', () => {
  it('has the inputs and outputs tables generated from action.yml', () => {
    expect(syncReadme(README, ACTION_YAML)).toBe(README);
  });

  it('documents every field of the config schema, and no other', () => {
    const fields = schemaFields(configSchema);
    const documented = new Set(referenceRows().map((r) => r.field));
    expect(fields.filter((f) => !documented.has(f))).toEqual([]);
    const unknown = [...documented].filter(
      (d) => !fields.includes(d) && !fields.some((f) => f.startsWith(`${d}.`) || f.startsWith(`${d}[`)),
    );
    expect(unknown).toEqual([]);
  });

  it('documents the defaults the parser applies', () => {
    const literal = referenceRows().filter((r) => /^`[^`]+`$/.test(r.defaultCell));
    expect(literal.length).toBeGreaterThan(40);
    for (const row of literal) {
      const value: unknown = parseYamlText(row.defaultCell.slice(1, -1));
      const checked = CONTEXTS.some((context) => {
        const base = structuredClone(context);
        if (!setAt(base, row.field, undefined)) return false;
        const withDefault = structuredClone(context);
        setAt(withDefault, row.field, value);
        let expected: unknown;
        try {
          expected = parseConfig(base, { env: {} });
        } catch {
          return false;
        }
        expect(parseConfig(withDefault, { env: {} }), `${row.field}: ${row.defaultCell}`).toEqual(expected);
        return true;
      });
      expect(checked, `no base config has a place for ${row.field}`).toBe(true);
    }
  });

  it('uses only inputs the action has in its workflow snippets', () => {
    const inputs = new Set(Object.keys(ACTION.inputs));
    let gateSteps = 0;
    for (const block of codeBlocks(README, 'yaml')) {
      const doc = parseYamlText(block) as Tree | null;
      const jobs = (doc?.['jobs'] ?? {}) as Record<string, { steps?: { uses?: string; with?: Tree }[] }>;
      for (const job of Object.values(jobs)) {
        for (const step of job.steps ?? []) {
          if (!step.uses?.includes('sagemaker-perf-gate@')) continue;
          gateSteps++;
          for (const key of Object.keys(step.with ?? {}))
            expect(inputs.has(key), `input "${key}"`).toBe(true);
        }
      }
    }
    expect(gateSteps).toBeGreaterThanOrEqual(6);
  });

  it('shows config snippets the parser accepts', () => {
    const configs = codeBlocks(README, 'yaml')
      .map((block) => parseYamlText(block) as Tree | null)
      .filter((doc): doc is Tree => doc !== null && 'endpoint' in doc && 'load' in doc);
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const config of configs) expect(() => parseConfig(config, { env: {} })).not.toThrow();
  });

  it('has valid JSON in its policy snippets', () => {
    const blocks = codeBlocks(README, 'json');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) expect(() => JSON.parse(block) as unknown).not.toThrow();
  });

  it('starts with exactly the two quickstart commands', () => {
    const [block] = codeBlocks(section('Quickstart'), 'sh');
    const commands = (block ?? '')
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm ci && npm run demo', 'bash scripts/setup.sh && npm test']);
  });

  it('links only to files that exist', () => {
    const links = [...README.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1] ?? '')
      .filter((target) => !/^[a-z]+:/.test(target));
    expect(links.length).toBeGreaterThan(5);
    for (const target of links) expect(existsSync(join(ROOT, target)), target).toBe(true);
  });
});
