/**
 * Writes the output directory: result.json, verdict.json, the Locust CSVs, histograms.hlog,
 * report.md and report.html, and goodput.csv / the AIPerf export when the run has them. Rendering is
 * pure (src/report); this is the only part that writes, and every file's text gets a last pass that
 * masks anything shaped like a credential.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { attempt } from '../core/errors.js';
import { redactCredentialShapes } from '../core/redact.js';
import {
  REPORT_FILES,
  renderConditionalReportFiles,
  renderReportFiles,
  type ReportFileKey,
} from '../report/files.js';
import type { ReportInput } from '../report/input.js';

/** The file-system calls used (injected so tests and other hosts can redirect them). */
export interface FileWriter {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  writeFile(path: string, content: string): Promise<void>;
}

export const nodeFileWriter: FileWriter = { mkdir, writeFile: (path, content) => writeFile(path, content) };

export interface WrittenReport {
  dir: string;
  /** Absolute path of each file. */
  paths: Record<ReportFileKey, string>;
  /** All written files, for the artifact upload. */
  files: string[];
}

/** Renders and writes every report file into `dir` (created if missing). */
export async function writeReportFiles(
  dir: string,
  input: ReportInput,
  fs: FileWriter = nodeFileWriter,
): Promise<WrittenReport> {
  const absolute = resolve(dir);
  const rendered = renderReportFiles(input);
  await attempt(`create the output directory ${absolute}`, () => fs.mkdir(absolute, { recursive: true }));
  const paths = {} as Record<ReportFileKey, string>;
  for (const [key, content] of rendered) {
    const path = join(absolute, REPORT_FILES[key]);
    await attempt(`write ${path}`, () => fs.writeFile(path, redactCredentialShapes(content)));
    paths[key] = path;
  }
  const files = Object.values(paths);
  for (const [name, content] of renderConditionalReportFiles(input)) {
    const path = join(absolute, name);
    await attempt(`write ${path}`, () => fs.writeFile(path, redactCredentialShapes(content)));
    files.push(path);
  }
  return { dir: absolute, paths, files };
}

/** Writes only `dir/result.json` (a shard's result, which the merge job reads); returns its absolute path. */
export async function writeResultFile(
  dir: string,
  result: ReportInput['result'],
  fs: FileWriter = nodeFileWriter,
): Promise<string> {
  const absolute = resolve(dir);
  const path = join(absolute, REPORT_FILES.result);
  await attempt(`create the output directory ${absolute}`, () => fs.mkdir(absolute, { recursive: true }));
  const content = redactCredentialShapes(`${JSON.stringify(result, null, 2)}\n`);
  await attempt(`write ${path}`, () => fs.writeFile(path, content));
  return path;
}
