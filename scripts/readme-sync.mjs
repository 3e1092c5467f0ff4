// Keeps the generated parts of the docs true: README.md's inputs and outputs tables (from action.yml)
// and, when a comment file is given, the sample PR comment (from the demo) — in full in
// docs/reports.md, its top (up to the charts) in README.md.
//
//   node scripts/readme-sync.mjs                      rewrite the inputs/outputs tables
//   node scripts/readme-sync.mjs --check              exit 1 when they differ from action.yml, or the
//                                                     README's excerpt from docs/reports.md's sample
//   node scripts/readme-sync.mjs --sample FILE        also replace the sample comment with FILE
//                                                     (perf-gate-demo/pr-2-smaller-instance/comment.md)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Markdown cell text: no line breaks, pipes escaped. */
function cell(text) {
  return String(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** The inputs table of action.yml. */
export function inputsTable(actionYaml) {
  const action = parse(actionYaml);
  const rows = ['| Input | Default | What it does |', '| :- | :- | :- |'];
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    const fallback = input.default === undefined || input.default === '' ? '—' : `\`${cell(input.default)}\``;
    rows.push(`| \`${name}\` | ${fallback} | ${cell(input.description ?? '')} |`);
  }
  return rows.join('\n');
}

/** The outputs table of action.yml. */
export function outputsTable(actionYaml) {
  const action = parse(actionYaml);
  const rows = ['| Output | What it holds |', '| :- | :- |'];
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    rows.push(`| \`${name}\` | ${cell(output.description ?? '')} |`);
  }
  return rows.join('\n');
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function replaceSection(readme, name, body) {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} section`);
  return `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`;
}

/** The text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`, trimmed. */
export function generatedSection(text, name) {
  const start = `<!-- generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(`<!-- /generated:${name} -->`);
  if (from < 0 || to < from) throw new Error(`no ${start} section`);
  return text.slice(from + start.length, to).trim();
}

/** The top of a sample comment shown in the README: the verdict, the context and the stage tables. */
export function sampleExcerpt(sampleComment) {
  const charts = sampleComment.indexOf('\n### Charts');
  return (charts < 0 ? sampleComment : sampleComment.slice(0, charts)).trim();
}

/**
 * README.md with the generated tables and the excerpt of `sampleComment` (the full sample, as in
 * docs/reports.md) up to date.
 */
export function syncReadme(readme, actionYaml, sampleComment) {
  let out = replaceSection(readme, 'action-inputs', inputsTable(actionYaml));
  out = replaceSection(out, 'action-outputs', outputsTable(actionYaml));
  return replaceSection(out, 'sample-excerpt', sampleExcerpt(sampleComment.trim()));
}

/** docs/reports.md with the full sample comment replaced. */
export function syncReports(reports, sampleComment) {
  return replaceSection(reports, 'sample-comment', sampleComment.trim());
}

/**
 * The demo's comment as a README sample: the machine-specific directory of the demo's checkout is
 * shortened to `…/`, the rest is exactly what the gate rendered.
 */
export function sampleFromComment(comment, demoDir) {
  return comment.split(`${resolve(demoDir)}/`).join('…/');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const readmePath = join(ROOT, 'README.md');
  const reportsPath = join(ROOT, 'docs', 'reports.md');
  const readme = readFileSync(readmePath, 'utf8');
  const reports = readFileSync(reportsPath, 'utf8');
  const actionYaml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const sampleIndex = args.indexOf('--sample');
  let sample = generatedSection(reports, 'sample-comment');
  if (sampleIndex >= 0) {
    const file = args[sampleIndex + 1];
    if (!file) throw new Error('--sample needs the path of a comment.md');
    // comment.md lives in <demo out>/pr-…/: the demo's directory is two levels up.
    sample = sampleFromComment(readFileSync(file, 'utf8'), join(dirname(resolve(file)), '..'));
  }
  const synced = syncReadme(readme, actionYaml, sample);
  const syncedReports = syncReports(reports, sample);
  if (args.includes('--check')) {
    if (synced !== readme || syncedReports !== reports) {
      console.error('README.md or docs/reports.md is out of date: run `node scripts/readme-sync.mjs`');
      process.exit(1);
    }
    console.log('README.md matches action.yml and docs/reports.md');
  } else {
    writeFileSync(readmePath, synced);
    writeFileSync(reportsPath, syncedReports);
    console.log(
      synced === readme && syncedReports === reports ? 'README.md already up to date' : 'README.md updated',
    );
  }
}
