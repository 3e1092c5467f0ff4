/**
 * Dependencies point downhill: the load engine knows nothing of baselines or the gate, comparison is
 * pure (it never drives the load engine), and the emulator — a stand-in for AWS — shares only the
 * product's `core/` and `config/` code. The check reads every import of src/ (static, re-exports and
 * dynamic `import()`), resolves it to its top-level folder and lists each import that breaks a rule.
 * The end of the flow lives in src/publish/: the gate sees only its interface (`publisher.ts`), and
 * only the callers that choose a publisher (the action, the CLI, the demo) reach the implementations.
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
  /** The imported file, relative to the repository (`src/publish/publisher.ts`). */
  toFile: string;
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

/**
 * src/publish/ from outside: the interface from anywhere, the implementations (files, comment,
 * summary, outputs, artifact, S3) only from the folders and files that choose a publisher.
 */
const PUBLISH_SEAM = {
  folder: 'publish',
  interfaceFile: 'src/publish/publisher.ts',
  allowedFolders: ['publish', 'action', 'cli', 'demo'],
  allowedFiles: ['src/main.ts'],
  why: 'the gate publishes through the GatePublisher interface; the action, the CLI and the demo choose the implementation',
} as const;

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

/** A path relative to the repository, with `/` separators. */
function repoPath(path: string): string {
  return relative(join(SRC, '..'), path).split(sep).join('/');
}

/** The imports between folders of src/. */
function importEdges(): ImportEdge[] {
  return sourceFiles(SRC).flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8')).map((specifier) => {
      const target = resolve(dirname(file), specifier);
      return {
        file: repoPath(file),
        fromFolder: folderOf(file),
        toFolder: folderOf(target),
        toFile: repoPath(target).replace(/\.js$/, '.ts'),
        specifier,
      };
    }),
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

/** The edges that reach a src/publish/ implementation from where only the interface may be used. */
export function publishSeamViolations(edges: readonly ImportEdge[]): string[] {
  const seam = PUBLISH_SEAM;
  return edges
    .filter(
      (edge) =>
        edge.toFolder === seam.folder &&
        edge.toFile !== seam.interfaceFile &&
        !(seam.allowedFolders as readonly string[]).includes(edge.fromFolder) &&
        !(seam.allowedFiles as readonly string[]).includes(edge.file),
    )
    .map((edge) => `${edge.file} imports ${edge.specifier} (${edge.toFile}): ${seam.why}`);
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
      toFile: `src/${toFolder}/y.ts`,
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

  it('flags a publisher implementation reached from outside the callers that choose one', () => {
    const edge = (file: string, toFile: string): ImportEdge => ({
      file,
      fromFolder: file.split('/').length > 2 ? (file.split('/')[1] ?? '') : '',
      toFolder: 'publish',
      toFile,
      specifier: `../publish/${toFile.split('/').pop() ?? ''}`,
    });
    const wrong = [
      edge('src/gate/run-gate.ts', 'src/publish/local-publisher.ts'),
      edge('src/gate/run-gate.ts', 'src/publish/report-files.ts'),
      edge('src/merge/write-merged.ts', 'src/publish/s3-upload.ts'),
      edge('src/post.ts', 'src/publish/github-publisher.ts'),
    ];
    const right = [
      edge('src/gate/run-gate.ts', 'src/publish/publisher.ts'),
      edge('src/action/gate-deps.ts', 'src/publish/github-publisher.ts'),
      edge('src/cli/gate-deps.ts', 'src/publish/local-publisher.ts'),
      edge('src/demo/gate-wiring.ts', 'src/publish/local-publisher.ts'),
      edge('src/publish/local-publisher.ts', 'src/publish/report-files.ts'),
      edge('src/main.ts', 'src/publish/github-publisher.ts'),
    ];
    expect(publishSeamViolations(wrong)).toHaveLength(wrong.length);
    expect(publishSeamViolations(right)).toEqual([]);
  });

  it('has no import against the dependency rules', () => {
    const edges = importEdges();
    expect(edges.length).toBeGreaterThan(500);
    expect(violations(edges, RULES)).toEqual([]);
    expect(publishSeamViolations(edges)).toEqual([]);
  });

  it('the gate reaches src/publish/ only through the publisher interface', () => {
    const fromGate = importEdges().filter((e) => e.fromFolder === 'gate' && e.toFolder === 'publish');
    expect(new Set(fromGate.map((e) => e.toFile))).toEqual(new Set([PUBLISH_SEAM.interfaceFile]));
  });

  it('the load engine names the whole config in one place only: its load specification', () => {
    const whole = importEdges().filter((e) => e.fromFolder === 'load' && e.toFile === 'src/config/parse.ts');
    expect(whole.map((e) => e.file)).toEqual(['src/load/engine/load-spec.ts']);
  });
});
