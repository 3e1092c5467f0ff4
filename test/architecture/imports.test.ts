/**
 * Dependencies point downhill: the load engine knows nothing of baselines or the gate, comparison is
 * pure (it never drives the load engine), and the emulator — a stand-in for AWS — shares only the
 * product's `core/` and `config/` code. The check reads every import of src/ (static, re-exports and
 * dynamic `import()`), resolves it to its top-level folder and lists each import that breaks a rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

/** One import of one source file: both as folders of src/ (`''` for a file directly in src/). */
interface ImportEdge {
  file: string;
  fromFolder: string;
  toFolder: string;
  specifier: string;
}

/** A rule: files in `folder` may not import from the folders `forbidden` names (or outside `allowed`). */
interface Rule {
  folder: string;
  forbidden?: readonly string[];
  allowed?: readonly string[];
  why: string;
}

const RULES: readonly Rule[] = [
  {
    folder: 'load',
    forbidden: ['baseline', 'gate'],
    why: 'the load engine gets a load specification and the scenario key from the gate',
  },
  { folder: 'compare', forbidden: ['load'], why: 'comparison is pure: the gate drives the load engine' },
  {
    folder: 'emulator',
    allowed: ['emulator', 'core', 'config'],
    why: 'the emulator stands in for AWS and shares only core/ and config/ with the product',
  },
];

/** Every .ts file under a directory, recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level folder of src/ a path lies in. */
function folderOf(path: string): string {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? (parts[0] ?? '') : '';
}

/** The relative module specifiers a source text imports (static, `export … from`, dynamic). */
export function importSpecifiers(source: string): string[] {
  const found = [
    ...source.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gms),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1] ?? '').filter((specifier) => specifier.startsWith('.'));
}

/** The imports between folders of src/. */
function importEdges(): ImportEdge[] {
  return sourceFiles(SRC).flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8')).map((specifier) => ({
      file: relative(join(SRC, '..'), file),
      fromFolder: folderOf(file),
      toFolder: folderOf(resolve(dirname(file), specifier)),
      specifier,
    })),
  );
}

/** The edges that break a rule, as readable lines. */
export function violations(edges: readonly ImportEdge[], rules: readonly Rule[]): string[] {
  const out: string[] = [];
  for (const edge of edges) {
    for (const rule of rules) {
      if (edge.fromFolder !== rule.folder) continue;
      const broken =
        (rule.forbidden?.includes(edge.toFolder) ?? false) ||
        (rule.allowed !== undefined && !rule.allowed.includes(edge.toFolder));
      if (broken) out.push(`${edge.file} imports ${edge.specifier} (${edge.toFolder}/): ${rule.why}`);
    }
  }
  return out;
}

describe('import directions in src/', () => {
  it('finds static, re-export, side-effect and dynamic imports', () => {
    const source = [
      "import { a } from '../baseline/a.js';",
      "import type {\n  B,\n} from '../gate/b.js';",
      "export { c } from './c.js';",
      "import './side-effect.js';",
      "const d = await import('../gate/d.js');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      '../baseline/a.js',
      '../gate/b.js',
      './c.js',
      './side-effect.js',
      '../gate/d.js',
    ]);
  });

  it('flags each kind of wrong-way import', () => {
    const edge = (fromFolder: string, toFolder: string): ImportEdge => ({
      file: `src/${fromFolder}/x.ts`,
      fromFolder,
      toFolder,
      specifier: `../${toFolder}/y.js`,
    });
    const wrong = [
      edge('load', 'baseline'),
      edge('load', 'gate'),
      edge('compare', 'load'),
      edge('emulator', 'metrics'),
    ];
    const right = [
      edge('gate', 'load'),
      edge('load', 'core'),
      edge('emulator', 'config'),
      edge('emulator', 'core'),
    ];
    expect(violations(wrong, RULES)).toHaveLength(wrong.length);
    expect(violations(right, RULES)).toEqual([]);
  });

  it('has no import against the dependency rules', () => {
    const edges = importEdges();
    expect(edges.length).toBeGreaterThan(500);
    expect(violations(edges, RULES)).toEqual([]);
  });
});
