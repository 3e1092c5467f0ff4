/** Collapsed details: effective config, scenario key, client health, error samples, baseline runs. */
import { ERROR_CLASSES } from '../../result/document.js';
import { formatCount, formatMs, formatPct } from '../format.js';
import type { ReportInput } from '../input.js';
import { cell, codeCell, tableToMarkdown, type TableModel } from '../table-model.js';
import { codeBlock, escapeHtml, escapeInline, inlineCode } from './escape.js';

/** A `<details>` block; the blank lines let GitHub render the markdown inside. */
function collapsed(summary: string, body: string): string {
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

/** The parts the scenario key was computed from. */
export function scenarioTable(input: ReportInput): TableModel {
  const rows = Object.entries(input.result.scenario.components)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => [cell(k), codeCell(v)]);
  return { headers: ['Component', 'Value'], align: ['l', 'l'], rows };
}

/** The scenario key and what it was computed from. */
export function renderScenarioDetails(input: ReportInput): string {
  const { scenario } = input.result;
  const table = tableToMarkdown(scenarioTable(input), 400);
  const name = scenario.name ? ` (scenario ${inlineCode(scenario.name)})` : '';
  return collapsed(
    `Scenario key ${scenario.key}`,
    `Results are compared only with results of the same key${name}.\n\n${table}`,
  );
}

/** The load generator's health figures. */
export function clientHealthTable(input: ReportInput): TableModel {
  const h = input.result.clientHealth;
  const { load } = input.result;
  const rows = [
    ['Load model', `${load.mode}${load.arrivals ? ` (${load.arrivals})` : ''}, ${load.invoker} invoker`],
    ['Workers', formatCount(h.workers)],
    ['Busiest worker CPU', formatPct(h.maxWorkerCpuPct)],
    ['Event-loop delay p99', formatMs(h.eventLoopDelayP99Ms)],
    ['Send lag p99', formatMs(h.sendLagP99Ms)],
    ['Saturated', h.saturated ? '⚠️ yes' : 'no'],
  ].map((r) => r.map(cell));
  return { headers: ['Client', ''], align: ['l', 'l'], rows };
}

/** Load-generator health: a saturated client reports its own queueing as latency. */
export function renderClientHealthDetails(input: ReportInput): string {
  const h = input.result.clientHealth;
  const table = tableToMarkdown(clientHealthTable(input));
  const warnings = h.warnings.map((w) => `- ${escapeInline(w, 400)}`).join('\n');
  return collapsed(`Client health${h.saturated ? ' ⚠️' : ''}`, warnings ? `${table}\n\n${warnings}` : table);
}

/** One sample message per stage and error class (no rows when nothing failed). */
export function errorTable(input: ReportInput): TableModel {
  const rows: ReturnType<typeof cell>[][] = [];
  for (const stage of input.result.stages) {
    for (const errorClass of ERROR_CLASSES) {
      const summary = stage.stats.errorsByClass[errorClass];
      if (!summary) continue;
      const statuses = Object.entries(summary.originalStatus ?? {})
        .map(([status, n]) => `${status}×${n}`)
        .join(', ');
      rows.push([
        codeCell(stage.name),
        cell(errorClass),
        cell(formatCount(summary.count)),
        cell(statuses),
        codeCell(summary.sampleMessage),
      ]);
    }
  }
  return {
    headers: ['Stage', 'Class', 'Count', 'Original status', 'Sample message'],
    align: ['l', 'l', 'r', 'l', 'l'],
    rows,
  };
}

/** The error samples, collapsed; '' when nothing failed. */
export function renderErrorDetails(input: ReportInput, maxMessageChars = 300): string {
  const table = errorTable(input);
  if (table.rows.length === 0) return '';
  return collapsed(
    `Errors (${formatCount(input.result.overall.errors)})`,
    tableToMarkdown(table, maxMessageChars),
  );
}

/** The baseline runs the comparison used. */
export function renderBaselineDetails(input: ReportInput): string {
  const { runs } = input.verdict.baseline;
  if (runs.length === 0) return '';
  const rows = runs.map((r) => [
    codeCell(r.runId),
    r.sha ? codeCell(r.sha.slice(0, 12)) : cell('—'),
    cell(r.createdAt),
  ]);
  const table = tableToMarkdown({ headers: ['Run', 'Commit', 'Created'], align: ['l', 'l', 'l'], rows }, 80);
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
