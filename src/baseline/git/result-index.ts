/**
 * The data branch's layout and its per-scenario index.
 *
 * ```
 * scenarios/<scenario key>/index.json                      the index (newest first)
 * scenarios/<scenario key>/runs/<created>-<run id>.json    one result document per run
 * ```
 *
 * The index lists each stored run with where it came from and a small per-stage summary, so
 * selecting a history (and drawing a trend) reads one small file instead of every result.
 */
import { z } from 'zod';
import { UserInputError } from '../../core/errors.js';
import { parseJsonText } from '../../files/json-text.js';
import type { ResultDocument } from '../../result/document.js';

const INDEX_SCHEMA_ID = 'sagemaker-perf-gate/baseline-index';
const INDEX_SCHEMA_VERSION = 1;

const indexEntrySchema = z.object({
  runId: z.string(),
  createdAt: z.string(),
  /** Path of the result document inside the data branch. */
  file: z.string(),
  sha: z.string().optional(),
  branch: z.string().optional(),
  event: z.string().optional(),
  pullRequest: z.number().int().optional(),
  /** Per-stage headline figures, for trend charts. */
  stages: z.array(
    z.object({
      name: z.string(),
      p95Ms: z.number(),
      throughputRps: z.number(),
      errorRate: z.number(),
    }),
  ),
});
export type IndexEntry = z.infer<typeof indexEntrySchema>;

export const scenarioIndexSchema = z.object({
  schema: z.literal(INDEX_SCHEMA_ID),
  version: z.literal(INDEX_SCHEMA_VERSION),
  scenario: z.object({
    key: z.string(),
    name: z.string().optional(),
    components: z.record(z.string(), z.string()),
  }),
  /** Newest first. */
  entries: z.array(indexEntrySchema),
});
export type ScenarioIndex = z.infer<typeof scenarioIndexSchema>;

const SAFE_KEY = /^[A-Za-z0-9._-]+$/;

/** Directory of one scenario on the data branch. */
function scenarioDir(scenarioKey: string): string {
  if (!SAFE_KEY.test(scenarioKey))
    throw new Error(`scenario key "${scenarioKey}" is not a safe path segment`);
  return `scenarios/${scenarioKey}`;
}

export function indexPath(scenarioKey: string): string {
  return `${scenarioDir(scenarioKey)}/index.json`;
}

/** `scenarios/<key>/runs/20250102T030405Z-<run id>.json`: sortable by time, unique per run. */
export function resultPath(result: ResultDocument): string {
  const stamp = new Date(result.createdAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const id = result.runId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
  return `${scenarioDir(result.scenario.key)}/runs/${stamp}-${id}.json`;
}

/** Parses an index file; a damaged or foreign one is an error naming it (never overwritten). */
export function parseIndex(text: string, source: string): ScenarioIndex {
  const parsedJson = parseJsonText(text);
  if (!parsedJson.ok) throw damaged(source, `is ${parsedJson.problem}`, undefined);
  const raw = parsedJson.value;
  const parsed = scenarioIndexSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(
      source,
      `is not a sagemaker-perf-gate baseline index (${issue ? `${issue.path.map(String).join('.') || 'root'}: ${issue.message}` : 'invalid'})`,
      parsed.error,
    );
  }
  return parsed.data;
}

function damaged(source: string, message: string, cause: unknown): UserInputError {
  return new UserInputError(
    {
      field: source,
      message,
      fix: 'repair or delete the file on the data branch; it is never overwritten automatically',
    },
    { cause },
  );
}

/** An index entry for a result about to be stored. */
function entryFor(result: ResultDocument): IndexEntry {
  const entry: IndexEntry = {
    runId: result.runId,
    createdAt: result.createdAt,
    file: resultPath(result),
    stages: result.stages.map((s) => ({
      name: s.name,
      p95Ms: s.stats.latency.p95Ms,
      throughputRps: s.stats.throughputRps,
      errorRate: s.stats.errorRate,
    })),
  };
  if (result.source.sha) entry.sha = result.source.sha;
  if (result.source.branch) entry.branch = result.source.branch;
  if (result.source.event) entry.event = result.source.event;
  if (result.source.pullRequest !== undefined) entry.pullRequest = result.source.pullRequest;
  return entry;
}

/** What `addToIndex` did: the new index and which stored results retention kept and removed. */
export interface IndexUpdate {
  index: ScenarioIndex;
  /** Files of results that fell out of retention (to delete from the branch). */
  dropped: string[];
  /** Run ids removed by retention, newest first. */
  droppedRunIds: string[];
  /** Run ids kept, newest first (the result being stored among them). */
  keptRunIds: string[];
}

/**
 * Adds a result to an index (or starts one), newest first, and applies the retention limit to the
 * other entries: the result being stored is always kept, even when it is older than everything
 * else (a writer that lost a race and saves last), so a run is never logged as stored and dropped.
 */
export function addToIndex(
  index: ScenarioIndex | undefined,
  result: ResultDocument,
  retention: number,
): IndexUpdate {
  const entry = entryFor(result);
  const others = (index?.entries ?? []).filter((e) => e.runId !== entry.runId).sort(newestFirst);
  const keptOthers = others.slice(0, Math.max(0, retention - 1));
  const removed = others.slice(keptOthers.length);
  const kept = [entry, ...keptOthers].sort(newestFirst);
  const scenario: ScenarioIndex['scenario'] = {
    key: result.scenario.key,
    components: result.scenario.components,
  };
  if (result.scenario.name !== undefined) scenario.name = result.scenario.name;
  return {
    index: { schema: INDEX_SCHEMA_ID, version: INDEX_SCHEMA_VERSION, scenario, entries: kept },
    dropped: removed.map((e) => e.file),
    droppedRunIds: removed.map((e) => e.runId),
    keptRunIds: kept.map((e) => e.runId),
  };
}

/** Newest first by creation time; ties by run id, so the order is total. */
function newestFirst(
  a: Pick<IndexEntry, 'createdAt' | 'runId'>,
  b: Pick<IndexEntry, 'createdAt' | 'runId'>,
): number {
  const byTime = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return byTime !== 0 ? byTime : b.runId < a.runId ? -1 : b.runId > a.runId ? 1 : 0;
}
