/**
 * report.html: one self-contained page (no network loads — a Content-Security-Policy forbids them)
 * with the verdict, the tables, and canvas charts of latency percentiles and throughput over time
 * per stage, baseline vs this run. What a person opens from the artifact.
 */
import { sloText } from '../../compare/capacity-comparison.js';
import { capacityLine, probeTable } from '../markdown/capacity-section.js';
import { comparisonTable, recommendationLine } from '../markdown/comparison-section.js';
import { clientHealthTable, errorTable, scenarioTable } from '../markdown/details.js';
import { costOutcome } from '../markdown/cost-section.js';
import { contextParts, verdictLabel, verdictSentence } from '../markdown/headline.js';
import { serverOutcome } from '../markdown/server-section.js';
import { sloTable } from '../markdown/slo-table.js';
import { stageFacts, stageMark, stageReasons, stageTable } from '../markdown/stage-tables.js';
import { escapeHtml } from '../markdown/escape.js';
import { reportTitle, type ReportInput } from '../input.js';
import { CHART_SCRIPT } from './chart-script.js';
import { capacityCharts, overviewCharts, stageCharts, type ChartSpec } from './chart-specs.js';
import { figureHtml, inlineHtml, scriptJson, tableHtml } from './elements.js';
import { STYLES } from './styles.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** The whole page. */
export function renderHtmlReport(input: ReportInput): string {
  const charts: ChartSpec[] = [];
  const figures = (specs: ChartSpec[]) => {
    charts.push(...specs);
    return `<div class="charts">${specs.map((c) => figureHtml(c.id, c.caption, c.series)).join('')}</div>`;
  };
  const title = reportTitle(input);
  const { mark, label } = verdictLabel(input.verdict);
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<div class="verdict ${input.verdict.state}">${mark} ${escapeHtml(label)}${verdictSentence(input.verdict) ? ` — ${inlineHtml(verdictSentence(input.verdict))}` : ''}</div>`,
    `<p class="context">${contextText(input)}</p>`,
    notesHtml(input),
    comparisonHtml(input),
    capacityHtml(input, figures),
    '<h2>Overview</h2>',
    figures(overviewCharts(input)),
    '<h2>Stages</h2>',
    ...input.result.stages.map((stage, i) => {
      const reasons = stageReasons(input, stage);
      return [
        `<h3>${stageMark(input, stage)} Stage <code>${escapeHtml(stage.name)}</code> · ${escapeHtml(stageFacts(input.result, stage))}</h3>`,
        tableHtml(stageTable(input, stage)),
        reasons.length
          ? `<ul>${reasons.map((r) => `<li>${r.mark} ${escapeHtml(r.label)}: ${escapeHtml(r.reason)}</li>`).join('')}</ul>`
          : '',
        figures(stageCharts(input, stage, i)),
      ].join('\n');
    }),
    input.verdict.slos.length
      ? `<h2>Service-level objectives</h2>${tableHtml(sloTable(input.verdict.slos))}`
      : '',
    serverHtml(input),
    costHtml(input),
    detailsHtml(input),
    footerHtml(input),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${mark} ${title} — sagemaker-perf-gate`)}</title>
<style>${STYLES}</style>
</head>
<body>
<main>
${body.filter(Boolean).join('\n')}
</main>
<script type="application/json" id="chart-data">${scriptJson({ charts })}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}

function contextText(input: ReportInput): string {
  return contextParts(input)
    .map((p) => {
      const text = escapeHtml(p.text);
      return p.code ? `<code>${text}</code>` : p.strong ? `<strong>${text}</strong> · ` : text;
    })
    .join('');
}

/**
 * One of the comment's own markdown sentences (bold marks; names escaped for markdown) as HTML: the
 * markdown escapes undone, then everything escaped for HTML, then the bold marks.
 */
function sentenceHtml(markdown: string): string {
  const plain = markdown.replace(/\\(.)/g, '$1').replace(/&#64;/g, '@').replace(/&amp;/g, '&');
  return escapeHtml(plain).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
}

/** The instance comparison (`endpoint.deploy.instance-types`), as in the comment; '' without one. */
function comparisonHtml(input: ReportInput): string {
  const rows = input.result.comparison;
  if (!rows || rows.length === 0) return '';
  return [
    '<h2>Instance comparison</h2>',
    `<p>${sentenceHtml(recommendationLine(rows))}</p>`,
    tableHtml(comparisonTable(rows)),
  ].join('\n');
}

/**
 * Capacity at SLO (`load.mode: capacity`), as in the comment: the figure at the limit, the search's
 * sentence, the knee charts and the probe table; '' for runs without a search.
 */
function capacityHtml(input: ReportInput, figures: (specs: ChartSpec[]) => string): string {
  const capacity = input.result.capacity;
  if (!capacity) return '';
  const charts = capacityCharts(capacity);
  return [
    `<h2>Capacity at SLO (${escapeHtml(sloText(capacity.slo))})</h2>`,
    `<p class="capacity">${sentenceHtml(capacityLine(capacity))}</p>`,
    `<p>${escapeHtml(capacity.message)}</p>`,
    charts.length ? figures(charts) : '',
    tableHtml(probeTable(capacity)),
  ].join('\n');
}

function notesHtml(input: ReportInput): string {
  const notes = [
    ...(input.result.clientHealth.saturated
      ? [
          '⚠️ The load generator was saturated, so latencies include its own queueing.',
          ...input.result.clientHealth.warnings,
        ]
      : []),
    ...input.verdict.notes,
    ...(input.notices ?? []),
  ];
  return notes.length
    ? `<ul class="note">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
    : '';
}

function serverHtml(input: ReportInput): string {
  const outcome = serverOutcome(input);
  const heading = '<h2>Server side (CloudWatch)</h2>';
  if (outcome.kind === 'not-collected')
    return `${heading}<p class="note">CloudWatch metrics were not collected for this run.</p>`;
  if (outcome.kind === 'unavailable')
    return `${heading}<p class="note">⚠️ ${escapeHtml(outcome.message)} The gate carried on without server-side figures.</p>`;
  return `${heading}${tableHtml(outcome.table)}${outcome.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('')}`;
}

function costHtml(input: ReportInput): string {
  const outcome = costOutcome(input);
  if (outcome.kind === 'absent') return '';
  const heading = '<h2>Cost</h2>';
  if (outcome.kind === 'unavailable')
    return `${heading}<p class="note">Not priced: ${escapeHtml(outcome.reason)}.</p>`;
  const b = outcome.baselineInstance;
  return [
    heading,
    `<p><code>${escapeHtml(outcome.instanceType)}</code> × ${outcome.instanceCount} at ${escapeHtml(outcome.hourlyUsd)} per instance-hour (${escapeHtml(outcome.priceSource)}).</p>`,
    tableHtml(outcome.table),
    b
      ? `<p class="note">The baseline ran on <code>${escapeHtml(b.instanceType)}</code> × ${b.instanceCount} at ${escapeHtml(b.hourlyUsd)} per instance-hour.</p>`
      : '',
    `<p>This test run: <strong>${escapeHtml(outcome.testRunUsd)}</strong> of instance time (${escapeHtml(outcome.testRunParts)}).</p>`,
  ].join('\n');
}

function detailsHtml(input: ReportInput): string {
  const block = (summary: string, content: string) =>
    `<details><summary>${escapeHtml(summary)}</summary>${content}</details>`;
  const errors = errorTable(input);
  const config = JSON.stringify(input.result.config ?? null, null, 2) ?? 'null';
  return [
    '<h2>Details</h2>',
    block(`Scenario key ${input.result.scenario.key}`, tableHtml(scenarioTable(input))),
    block('Client health', tableHtml(clientHealthTable(input))),
    errors.rows.length ? block(`Errors (${input.result.overall.errors})`, tableHtml(errors)) : '',
    block('Effective config', `<pre>${escapeHtml(config)}</pre>`),
  ].join('\n');
}

function footerHtml(input: ReportInput): string {
  const { runUrl, artifactUrl } = input.links ?? {};
  const link = (url: string | undefined, text: string) =>
    url && /^https?:\/\//.test(url) ? `<a href="${escapeHtml(url)}">${text}</a> · ` : '';
  return `<footer>${link(runUrl, 'Workflow run')}${link(artifactUrl, 'Artifacts')}run <code>${escapeHtml(input.result.runId)}</code> · ${escapeHtml(input.result.tool.name)} ${escapeHtml(input.result.tool.version)} · created ${escapeHtml(input.result.createdAt)}</footer>`;
}
