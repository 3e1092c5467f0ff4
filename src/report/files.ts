/** Every file of the output directory, rendered (pure): name → content. */
import {
  renderExceptionsCsv,
  renderFailuresCsv,
  renderStatsCsv,
  renderStatsHistoryCsv,
} from './csv/locust-csv.js';
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
  /** LLM runs only: AIPerf's aggregate export layout (docs/llm.md). */
  aiperfJson: 'profile_export_aiperf.json',
  aiperfCsv: 'profile_export_aiperf.csv',
} as const;

export type ReportFileKey = keyof typeof REPORT_FILES;

/** All files, in a stable order (the AIPerf export only when the run has LLM figures). */
export function renderReportFiles(input: ReportInput): Map<ReportFileKey, string> {
  const aiperf = aiperfExport(input.result);
  const llmFiles: [ReportFileKey, string][] = aiperf
    ? [
        ['aiperfJson', `${JSON.stringify(aiperf, null, 2)}\n`],
        ['aiperfCsv', aiperfCsv(aiperf)],
      ]
    : [];
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
    ...llmFiles,
  ]);
}
