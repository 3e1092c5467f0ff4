/** Every file of the output directory, rendered (pure): name → content. */
import {
  renderExceptionsCsv,
  renderFailuresCsv,
  renderStatsCsv,
  renderStatsHistoryCsv,
} from './csv/locust-csv.js';
import { renderGoodputCsv } from './csv/goodput-csv.js';
import { aiperfCsv, aiperfExport } from './aiperf-export.js';
import { renderHlog } from './hlog.js';
import { renderHtmlReport } from './html/page.js';
import type { ReportInput } from './input.js';
import { renderReportMarkdown } from './markdown/comment.js';

/** File names in the output directory (stable: tools and the action's outputs refer to them). */
export const REPORT_FILES = {
  result: 'result.json',
  verdict: 'verdict.json',
  stats: 'stats.csv',
  statsHistory: 'stats_history.csv',
  failures: 'failures.csv',
  exceptions: 'exceptions.csv',
  hlog: 'histograms.hlog',
  markdown: 'report.md',
  html: 'report.html',
} as const;

export type ReportFileKey = keyof typeof REPORT_FILES;

/** LLM runs only: the run's metrics in NVIDIA AIPerf's aggregate export layout (docs/llm.md). */
const AIPERF_FILES = {
  json: 'profile_export_aiperf.json',
  csv: 'profile_export_aiperf.csv',
} as const;

/** The AIPerf export files (file name → content); empty when the run has no LLM figures. */
function renderLlmReportFiles(input: ReportInput): Map<string, string> {
  const exported = aiperfExport(input.result);
  if (!exported) return new Map();
  return new Map([
    [AIPERF_FILES.json, `${JSON.stringify(exported, null, 2)}\n`],
    [AIPERF_FILES.csv, aiperfCsv(exported)],
  ]);
}

/** Runs with per-request limits (`slo.request`) only: goodput per stage (Locust's CSVs keep their columns). */
const GOODPUT_FILE = 'goodput.csv';

/**
 * The files only some runs have (file name → content): goodput.csv when goodput was measured, the
 * AIPerf export for LLM runs.
 */
export function renderConditionalReportFiles(input: ReportInput): Map<string, string> {
  const files = new Map<string, string>();
  const goodput = renderGoodputCsv(input.result);
  if (goodput !== undefined) files.set(GOODPUT_FILE, goodput);
  for (const [name, content] of renderLlmReportFiles(input)) files.set(name, content);
  return files;
}

/** All files, in a stable order. */
export function renderReportFiles(input: ReportInput): Map<ReportFileKey, string> {
  return new Map<ReportFileKey, string>([
    ['result', `${JSON.stringify(input.result, null, 2)}\n`],
    ['verdict', `${JSON.stringify(input.verdict, null, 2)}\n`],
    ['stats', renderStatsCsv(input.result)],
    ['statsHistory', renderStatsHistoryCsv(input.result)],
    ['failures', renderFailuresCsv(input.result)],
    ['exceptions', renderExceptionsCsv(input.result)],
    ['hlog', renderHlog(input.result)],
    ['markdown', renderReportMarkdown(input)],
    ['html', renderHtmlReport(input)],
  ]);
}
