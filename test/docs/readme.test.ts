/**
 * README.md and docs/ stay true to the code: the action's inputs/outputs tables are the ones
 * generated from action.yml, the README's sample excerpt is the top of docs/reports.md's full sample;
 * the configuration reference (docs/configuration.md) lists exactly the schema's fields, with the
 * defaults the parser applies; workflow snippets only use inputs the action has; config snippets
 * parse; the quickstart is the two commands; the README is a first page (≤ 400 lines) from which
 * every docs page is linked; local links point at files and headings that exist.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generatedSection, syncReadme } from '../../scripts/readme-sync.mjs';
import { parseConfig } from '../../src/config/parse.js';
import { configSchema } from '../../src/config/schema.js';
import { schemaFields } from './support/schema-fields.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const DOC_PAGES = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
/** README.md and every docs page, by repository path. */
const PAGES = new Map(
  ['README.md', ...DOC_PAGES].map((path) => [path, readFileSync(join(ROOT, path), 'utf8')]),
);
const ALL_TEXT = [...PAGES.values()].join('\n');
const CONFIG_REFERENCE = PAGES.get('docs/configuration.md') ?? '';
const SAMPLE = generatedSection(PAGES.get('docs/reports.md') ?? '', 'sample-comment');
const ACTION_YAML = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const ACTION = parseYamlText(ACTION_YAML) as { inputs: Record<string, unknown> };

/** The text of a `## ` section of the README, up to the next one. */
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
  for (const line of CONFIG_REFERENCE.split('\n')) {
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
    endpoint: { name: 'existing', region: 'us-east-1' },
    request: { payloads: [{ json: { a: 1 } }] },
    load: { mode: 'capacity', capacity: { max: 64 } },
    slo: { p95: '500ms' },
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

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page's headings (outside code blocks). */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = /^#+ (.*)$/.exec(line);
    if (heading && !fenced) out.add(slug(heading[1] ?? ''));
  }
  return out;
}

/** Local links of a page: the target path relative to the repository root, and the anchor. */
function localLinks(page: string): { path: string; anchor: string }[] {
  const text = PAGES.get(page) ?? '';
  return [...text.matchAll(/\]\(([^)#\s]*)(?:#([^)\s]*))?\)/g)]
    .filter((m) => !/^[a-z]+:/.test(m[1] ?? ''))
    .map((m) => ({ path: m[1] ? join(dirname(page), m[1]) : page, anchor: m[2] ?? '' }));
}

describe('README.md and docs/', () => {
  it('has the inputs and outputs tables generated from action.yml, the excerpt from the sample', () => {
    expect(syncReadme(README, ACTION_YAML, SAMPLE)).toBe(README);
  });

  it('keeps the README a first page that links every docs page', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(400);
    const linked = new Set(localLinks('README.md').map((link) => link.path));
    expect(DOC_PAGES.filter((page) => !linked.has(page))).toEqual([]);
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
    for (const block of codeBlocks(ALL_TEXT, 'yaml')) {
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
    const configs = codeBlocks(ALL_TEXT, 'yaml')
      .map((block) => parseYamlText(block) as Tree | null)
      .filter((doc): doc is Tree => doc !== null && 'endpoint' in doc && 'load' in doc);
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const config of configs) expect(() => parseConfig(config, { env: {} })).not.toThrow();
  });

  it('has valid JSON in its policy snippets', () => {
    const blocks = codeBlocks(ALL_TEXT, 'json');
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

  it('links only to files and headings that exist', () => {
    let checked = 0;
    for (const page of PAGES.keys()) {
      for (const { path, anchor } of localLinks(page)) {
        checked++;
        expect(existsSync(join(ROOT, path)), `${page} → ${path}`).toBe(true);
        const target = PAGES.get(path);
        if (anchor && target !== undefined)
          expect(anchors(target).has(anchor), `${page} → ${path}#${anchor}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
