// Rebuilds every bundle into a temporary directory and fails when dist/ differs from it,
// so a commit that changes src/ without rebuilding dist/ never lands.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

const fresh = mkdtempSync(join(tmpdir(), 'perf-gate-dist-'));
try {
  execFileSync(process.execPath, ['scripts/build.mjs', fresh], { stdio: 'inherit' });
  const expected = listFiles(fresh);
  let actual = [];
  try {
    actual = listFiles('dist');
  } catch {
    actual = [];
  }
  const problems = [];
  for (const f of expected) {
    if (!actual.includes(f)) problems.push(`missing: dist/${f}`);
    else if (!readFileSync(join(fresh, f)).equals(readFileSync(join('dist', f))))
      problems.push(`differs: dist/${f}`);
  }
  for (const f of actual) if (!expected.includes(f)) problems.push(`unexpected: dist/${f}`);
  if (problems.length > 0) {
    console.error(`dist/ is out of date with the sources (${problems.length} file(s)):`);
    for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
    console.error('Run `npm run build` and commit dist/.');
    process.exit(1);
  }
  console.log(`dist/ is up to date (${expected.length} files).`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
