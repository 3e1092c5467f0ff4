/**
 * The PR comment, the job summary and report.md: one document, assembled from sections. The comment
 * must stay under GitHub's 65,536-character limit, so when it is too long, detail is dropped a whole
 * section (or table row) at a time — never cut mid-markdown — and the comment says so.
 */
import { renderStageCharts, renderTrendChart } from './charts.js';
import { renderCapacitySection } from './capacity-section.js';
import { renderComparisonSection } from './comparison-section.js';
import { renderCostSection } from './cost-section.js';
import {
  renderBaselineDetails,
  renderClientHealthDetails,
  renderConfigDetails,
  renderErrorDetails,
  renderLinks,
  renderScenarioDetails,
} from './details.js';
import { renderContextLine, renderHeadline, renderNotes } from './headline.js';
import { renderServerSection } from './server-section.js';
import { renderSloTable } from './slo-table.js';
import { renderStageSummaryTable, renderStageTables } from './stage-tables.js';
import type { ReportInput } from '../input.js';

/** GitHub's limit on an issue comment body. Measured here in UTF-8 bytes, which is never less. */
export const COMMENT_LIMIT_BYTES = 65_536;
/** GitHub's limit on one step's job summary is 1 MiB; leave room for other steps' summaries. */
export const SUMMARY_LIMIT_BYTES = 512 * 1024;

/** The hidden marker that identifies this scenario's comment (one sticky comment per scenario). */
export function commentMarker(scenarioKey: string): string {
  return `<!-- sagemaker-perf-gate:comment scenario=${scenarioKey.replace(/[^A-Za-z0-9._-]/g, '_')} -->`;
}

export interface RenderOptions {
  /** Size budget in UTF-8 bytes. Default: the comment limit. */
  maxBytes?: number;
  /** Append the hidden marker. Default true. */
  marker?: boolean;
}

type SectionId =
  | 'headline'
  | 'context'
  | 'notes'
  | 'comparison'
  | 'capacity'
  | 'stages'
  | 'slos'
  | 'charts'
  | 'trend'
  | 'server'
  | 'cost'
  | 'baselineRuns'
  | 'scenario'
  | 'clientHealth'
  | 'errors'
  | 'config'
  | 'truncated'
  | 'links'
  | 'marker';

type Sections = Map<SectionId, string>;

const ORDER: readonly SectionId[] = [
  'headline',
  'context',
  'notes',
  'comparison',
  'capacity',
  'stages',
  'slos',
  'charts',
  'trend',
  'server',
  'cost',
  'baselineRuns',
  'scenario',
  'clientHealth',
  'errors',
  'config',
  'truncated',
  'links',
  'marker',
];

const TRUNCATION_NOTE =
  '<sub>Some detail was left out to stay under GitHub’s size limit; the full report is `report.md` / `report.html` in the artifact.</sub>';

/** The PR comment: the whole report, shrunk to fit `maxBytes`. */
export function renderComment(input: ReportInput, options: RenderOptions = {}): string {
  return fit(input, fullSections(input, options.marker ?? true), options.maxBytes ?? COMMENT_LIMIT_BYTES);
}

/** The job summary: the same content with a larger budget and no marker. */
export function renderSummary(input: ReportInput): string {
  return renderComment(input, { maxBytes: SUMMARY_LIMIT_BYTES, marker: false });
}

/** report.md: everything, no budget. */
export function renderReportMarkdown(input: ReportInput): string {
  return join(fullSections(input, false));
}

function fullSections(input: ReportInput, marker: boolean): Sections {
  const sections: Sections = new Map([
    ['headline', renderHeadline(input)],
    ['context', renderContextLine(input)],
    ['notes', renderNotes(input)],
    ['comparison', renderComparisonSection(input)],
    ['capacity', renderCapacitySection(input)],
    ['stages', `### Stages\n\n${renderStageTables(input)}`],
    ['slos', renderSloTable(input.verdict.slos)],
    ['charts', withHeading('### Charts', renderStageCharts(input))],
    ['trend', renderTrendChart(input)],
    ['server', renderServerSection(input)],
    ['cost', renderCostSection(input)],
    ['baselineRuns', renderBaselineDetails(input)],
    ['scenario', renderScenarioDetails(input)],
    ['clientHealth', renderClientHealthDetails(input)],
    ['errors', renderErrorDetails(input)],
    ['config', renderConfigDetails(input)],
    ['links', renderLinks(input)],
  ]);
  if (marker) sections.set('marker', commentMarker(input.result.scenario.key));
  return sections;
}

/** Ways to shrink, least valuable detail first. Each returns the sections with less in them. */
function shrinkSteps(input: ReportInput): ((s: Sections) => void)[] {
  const compactStages = (rows: number) => (s: Sections) =>
    s.set('stages', `### Stages\n\n${renderStageSummaryTable(input, rows)}`);
  const steps: ((s: Sections) => void)[] = [
    (s) => s.set('errors', renderErrorDetails(input, 80)),
    (s) => s.set('config', renderConfigDetails(input, 2_000)),
    (s) => s.delete('config'),
    (s) => s.delete('errors'),
    (s) => {
      s.delete('baselineRuns');
      s.delete('scenario');
      s.delete('clientHealth');
    },
    (s) => s.delete('trend'),
    (s) => s.delete('charts'),
    compactStages(input.result.stages.length),
    (s) =>
      s.set('server', '### Server side (CloudWatch)\n\nLeft out for size: see report.md in the artifact.'),
    (s) => s.delete('cost'),
  ];
  for (let rows = Math.floor(input.result.stages.length / 2); rows >= 1; rows = Math.floor(rows / 2))
    steps.push(compactStages(rows));
  steps.push((s) => {
    for (const id of ['notes', 'stages', 'slos', 'server'] as const) s.delete(id);
  });
  return steps;
}

function fit(input: ReportInput, sections: Sections, maxBytes: number): string {
  let text = join(sections);
  if (bytes(text) <= maxBytes) return text;
  sections.set('truncated', TRUNCATION_NOTE);
  for (const step of shrinkSteps(input)) {
    step(sections);
    text = join(sections);
    if (bytes(text) <= maxBytes) return text;
  }
  return text;
}

function join(sections: Sections): string {
  return `${ORDER.map((id) => sections.get(id) ?? '')
    .filter((text) => text !== '')
    .join('\n\n')}\n`;
}

function withHeading(heading: string, body: string): string {
  return body === '' ? '' : `${heading}\n\n${body}`;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
