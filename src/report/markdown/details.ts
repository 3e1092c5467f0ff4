/** Collapsed details: effective config, scenario key, client health, error samples, baseline runs. */
import { markdownTable } from 'markdown-table';
import { ERROR_CLASSES } from '../../result/document.js';
import { formatCount, formatMs, formatPct } from '../format.js';
import type { ReportInput } from '../input.js';
import { codeBlock, escapeHtml, escapeInline, inlineCode } from './escape.js';

/** A `<details>` block; the blank lines let GitHub render the markdown inside. */
export function collapsed(summary: string, body: string): string {
  return `<details><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}

/** The effective config as JSON (it holds no secrets: the engine strips them before storing it). */
export function renderConfigDetails(input: ReportInput, maxChars = 20_000): string {
  const config = input.result.config;
  if (config === undefined || config === null) return '';
  let text = JSON.stringify(config, null, 2) ?? '';
  if (text.length > maxChars) text = `${text.slice(0, maxChars)}\n… (cut; the full config is in result.json)`;
  return collapsed('Effective config', codeBlock(text, 'json'));
}

/** The scenario key and what it was computed from. */
export function renderScenarioDetails(input: ReportInput): string {
  const { scenario } = input.result;
  const rows = Object.entries(scenario.components)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => [escapeInline(k, 60), inlineCode(v, 400)]);
  const table = markdownTable([['Component', 'Value'], ...rows], { alignDelimiters: false });
  const name = scenario.name ? ` (scenario ${inlineCode(scenario.name)})` : '';
  return collapsed(
    `Scenario key ${scenario.key}`,
    `Results are compared only with results of the same key${name}.\n\n${table}`,
  );
}

/** Load-generator health: a saturated client reports its own queueing as latency. */
export function renderClientHealthDetails(input: ReportInput): string {
  const h = input.result.clientHealth;
  const { load } = input.result;
  const rows = [
    ['Load model', `${load.mode}${load.arrivals ? ` (${load.arrivals})` : ''}, ${load.invoker} invoker`],
    ['Workers', formatCount(h.workers)],
    ['Busiest worker CPU', formatPct(h.maxWorkerCpuPct)],
    ['Event-loop delay p99', formatMs(h.eventLoopDelayP99Ms)],
    ['Send lag p99', formatMs(h.sendLagP99Ms)],
    ['Saturated', h.saturated ? '⚠️ yes' : 'no'],
  ];
  const table = markdownTable([['Client', ''], ...rows], { alignDelimiters: false });
  const warnings = h.warnings.map((w) => `- ${escapeInline(w, 400)}`).join('\n');
  return collapsed(`Client health${h.saturated ? ' ⚠️' : ''}`, warnings ? `${table}\n\n${warnings}` : table);
}

/** One sample message per stage and error class; '' when nothing failed. */
export function renderErrorDetails(input: ReportInput, maxMessageChars = 300): string {
  const rows: string[][] = [];
  for (const stage of input.result.stages) {
    for (const errorClass of ERROR_CLASSES) {
      const summary = stage.stats.errorsByClass[errorClass];
      if (!summary) continue;
      const statuses = summary.originalStatus
        ? Object.entries(summary.originalStatus)
            .map(([status, n]) => `${status}×${n}`)
            .join(', ')
        : '';
      rows.push([
        inlineCode(stage.name, 60),
        errorClass,
        formatCount(summary.count),
        escapeInline(statuses, 100),
        inlineCode(summary.sampleMessage, maxMessageChars),
      ]);
    }
  }
  if (rows.length === 0) return '';
  const total = input.result.overall.errors;
  const table = markdownTable([['Stage', 'Class', 'Count', 'Original status', 'Sample message'], ...rows], {
    align: ['l', 'l', 'r', 'l', 'l'],
    alignDelimiters: false,
  });
  return collapsed(`Errors (${formatCount(total)})`, table);
}

/** The baseline runs the comparison used. */
export function renderBaselineDetails(input: ReportInput): string {
  const { runs } = input.verdict.baseline;
  if (runs.length === 0) return '';
  const rows = runs.map((r) => [
    inlineCode(r.runId, 80),
    r.sha ? inlineCode(r.sha.slice(0, 12)) : '—',
    escapeInline(r.createdAt, 40),
  ]);
  const table = markdownTable([['Run', 'Commit', 'Created'], ...rows], { alignDelimiters: false });
  return collapsed(`Baseline runs (${runs.length}, newest first)`, table);
}

/** Links to the workflow run and the artifact, and where the full report is. */
export function renderLinks(input: ReportInput): string {
  const links: string[] = [];
  const { runUrl, artifactUrl } = input.links ?? {};
  const safe = (url: string) => (/^https?:\/\/[^\s()<>]+$/.test(url) ? url : undefined);
  if (runUrl && safe(runUrl)) links.push(`[Workflow run](${runUrl})`);
  if (artifactUrl && safe(artifactUrl))
    links.push(`[Artifacts: CSV, JSON, hlog, report.html](${artifactUrl})`);
  const tool = `${escapeInline(input.result.tool.name)} ${escapeInline(input.result.tool.version)}`;
  return `<sub>${[...links, `run ${inlineCode(input.result.runId, 80)}`, tool].join(' · ')}</sub>`;
}
