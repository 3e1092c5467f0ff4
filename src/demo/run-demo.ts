/**
 * The demo, end to end, with no AWS account: the emulator in-process with the demo's modelled
 * endpoint; a serving repository whose default branch is pushed to several times, each push gated
 * like a workflow on `push` would (deploy a candidate from the config, load it, tear it down, store
 * the result on the baseline data branch); then two pull requests gated like a workflow on
 * `pull_request` — one with the config unchanged, one moving to a slower instance type. Every run
 * goes through the same `runGate` the action and the CLI use. The outcome says whether the gate
 * judged both pull requests as expected.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { loadConfigFileWithOverrides } from '../config/config-overrides.js';
import type { Config } from '../config/parse.js';
import { InfrastructureError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import type { SignalSource } from '../endpoint/signals.js';
import type { GateContext } from '../gate/gate-context.js';
import { runGate, type JudgedRun } from '../gate/run-gate.js';
import type { ProgressDisplay } from '../load/engine/progress-display.js';
import { renderComment } from '../report/markdown/comment.js';
import type { EventContext } from '../github/event-context.js';
import { demoClients, demoGateDeps, type DemoClients } from './gate-wiring.js';
import { gateLog, type GateLog } from './gate-log.js';
import { DEMO_REPOSITORY, pullRequestEvent, pushEvent } from './events.js';
import { BASELINE_INSTANCE_TYPE, demoScenario } from './model.js';
import { prepareOutputDir } from './output-dir.js';
import { FULL_PLAN, PULL_REQUESTS, type DemoPlan, type DemoPullRequest } from './plan.js';
import { createDemoRepository, type DemoRepository } from './repository.js';
import { CONFIG_PATH, PAYLOADS_PATH, payloadLines, perfGateConfig } from './serving-config.js';
import {
  COMPARED_TYPES,
  COMPARISON_CONFIG_PATH,
  COMPARISON_EXPECTED_USERS,
  COMPARISON_PLAN,
  COMPARISON_SLO_P95_MS,
  comparisonConfig,
  comparisonLines,
  type ComparisonRecord,
} from './instance-comparison.js';
import {
  baselineLine,
  pullRequestLine,
  type BaselineRunRecord,
  type PullRequestRecord,
} from './narration.js';

export interface DemoOptions {
  /** Output directory (created; an earlier demo's output there is replaced). */
  outDir: string;
  /** How much to measure. Default `FULL_PLAN`. */
  plan?: DemoPlan | undefined;
  /** The demo's own short lines (the console). */
  print: (line: string) => void;
  /** Also send the gate's full log here (`--verbose`); it always goes to `demo.log`. */
  verboseLogger?: Logger | undefined;
  /** How load progress is shown (a bar on a terminal). Default: into the log. */
  progress?: ProgressDisplay | undefined;
  /** SIGINT/SIGTERM source for teardown on Ctrl-C. Default: none (in-process callers). */
  signals?: SignalSource | undefined;
  /** Environment for git. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface DemoOutcome {
  outDir: string;
  baseline: BaselineRunRecord[];
  pullRequests: PullRequestRecord[];
  /** The closing capacity comparison of three instance types and its recommendation. */
  comparison: ComparisonRecord;
  /** Both pull requests got the expected verdict. */
  allCorrect: boolean;
  /** Resources the emulator still held at the end (teardown failures); empty when all were removed. */
  leftovers: string[];
  durationMs: number;
  logPath: string;
  repositoryDir: string;
  originDir: string;
}

const REGION = 'us-east-1';
const NO_SIGNALS: SignalSource = { on: () => undefined, off: () => undefined };

/** Runs the demo (see the file comment). Rejects only when something broke, not on a misjudgement. */
export async function runDemo(options: DemoOptions): Promise<DemoOutcome> {
  const startedMs = Date.now();
  const plan = options.plan ?? FULL_PLAN;
  const outDir = await prepareOutputDir(options.outDir);
  const log = gateLog(join(outDir, 'demo.log'), options.verboseLogger);
  const emulator = await startEmulator({
    scenario: demoScenario(),
    region: REGION,
    recordRequests: 0,
    logger: log,
    // Service times of a second need no sub-millisecond timers: no spinning, more CPU for the load.
    scheduler: { spinBudgetFraction: 0 },
  });
  const clients = demoClients(emulator.url, REGION, emulator.env);
  try {
    const repo = await createDemoRepository(outDir, options.env ?? process.env);
    const session: Session = { options, plan, outDir, repo, clients, log };
    options.print(
      `Emulator at ${emulator.url}; repository ${DEMO_REPOSITORY} in ${repo.checkoutDir}, baselines on branch perf-gate-data of ${repo.originDir}.`,
    );
    options.print('');
    options.print(
      `Baseline: ${plan.baselineRuns} pushes to main, each deploying the config on main (${BASELINE_INSTANCE_TYPE}), ` +
        `loading it (${plan.warmup} warm-up + ${plan.stageDuration} at ${plan.users} users), tearing it down and storing the result:`,
    );
    const baseline: BaselineRunRecord[] = [];
    for (let i = 1; i <= plan.baselineRuns; i++) {
      const record = await pushRun(session, i);
      baseline.push(record);
      options.print(baselineLine(record));
    }
    const pullRequests: PullRequestRecord[] = [];
    for (const pr of PULL_REQUESTS) {
      options.print('');
      options.print(`Pull request #${pr.number} "${pr.title}" (${pr.change}):`);
      const record = await pullRequestRun(session, pr);
      pullRequests.push(record);
      options.print(pullRequestLine(record));
    }
    const comparisonPlan = plan.comparison ?? COMPARISON_PLAN;
    options.print('');
    options.print(
      `Pull request #${COMPARISON_PR.number} "${COMPARISON_PR.title}": capacity at p95 ≤ ${COMPARISON_SLO_P95_MS} ms of ` +
        `${COMPARED_TYPES.join(', ')}, one after another (${comparisonPlan.probe} probes, ${comparisonPlan.budget} per type), ` +
        `and the cheapest that serves ${COMPARISON_EXPECTED_USERS} users:`,
    );
    const comparison = await comparisonRun(session);
    for (const line of comparisonLines(comparison)) options.print(line);
    const leftovers = await remainingResources(emulator);
    return {
      outDir,
      baseline,
      pullRequests,
      comparison,
      allCorrect: pullRequests.every((p) => p.correct),
      leftovers,
      durationMs: Date.now() - startedMs,
      logPath: join(outDir, 'demo.log'),
      repositoryDir: repo.checkoutDir,
      originDir: repo.originDir,
    };
  } finally {
    clients.destroy();
    await emulator.close();
    await log.close();
  }
}

interface Session {
  options: DemoOptions;
  plan: DemoPlan;
  outDir: string;
  repo: DemoRepository;
  clients: DemoClients;
  log: GateLog;
}

/** Push number `index` to main and the gate run the push triggers (its result becomes a baseline). */
async function pushRun(session: Session, index: number): Promise<BaselineRunRecord> {
  const files: Record<string, string> =
    index === 1
      ? {
          [CONFIG_PATH]: perfGateConfig(BASELINE_INSTANCE_TYPE, session.plan),
          [PAYLOADS_PATH]: payloadLines(),
          'README.md': '# ranker-serving\n\nServing configuration of the ranker endpoint.\n',
          'CHANGELOG.md': '# Changelog\n',
        }
      : { 'CHANGELOG.md': changelog(index) };
  const message = index === 1 ? 'Serve the ranker on ml.g5.xlarge' : `Release notes, part ${index}`;
  const { sha, before } = await session.repo.pushToDefault(message, files);
  const folder = join('main', `push-${index}`);
  const startedMs = Date.now();
  const run = await gate(session, pushEvent(sha, before), folder, `demo-main-${index}`, sha);
  return {
    index,
    sha,
    outputDir: join(session.outDir, folder),
    stored: run.saved?.location,
    p95Ms: run.result.stages[0]?.stats.latency.p95Ms ?? 0,
    throughputRps: run.result.stages[0]?.stats.throughputRps ?? 0,
    saturated: run.result.clientHealth.saturated,
    saturationWarnings: run.result.clientHealth.warnings,
    durationMs: Date.now() - startedMs,
  };
}

/** A pull request branch off main's tip and the gate run its `pull_request` event triggers. */
async function pullRequestRun(session: Session, pr: DemoPullRequest): Promise<PullRequestRecord> {
  const baseSha = await session.repo.defaultTip();
  const files =
    pr.instanceType === BASELINE_INSTANCE_TYPE
      ? { 'docs/ranking-features.md': '# Ranking features\n\nQuery–item relevance, freshness, popularity.\n' }
      : { [CONFIG_PATH]: perfGateConfig(pr.instanceType, session.plan) };
  const headSha = await session.repo.openPullRequestBranch(pr.branch, pr.title, files);
  const event = pullRequestEvent({ number: pr.number, title: pr.title, branch: pr.branch, headSha, baseSha });
  const startedMs = Date.now();
  const run = await gate(session, event, pr.folder, `demo-pr-${pr.number}`, headSha);
  const commentPath = join(session.outDir, pr.folder, 'comment.md');
  await writeFile(
    commentPath,
    renderComment({ result: run.result, verdict: run.verdict, history: run.history, title: undefined }),
  );
  const state = run.verdict.state;
  return {
    pr,
    state,
    headline: run.verdict.headline,
    correct: state === pr.expected,
    exitCode: run.exitCode,
    saturated: run.result.clientHealth.saturated,
    saturationWarnings: run.result.clientHealth.warnings,
    baselineRuns: run.verdict.baseline.runs.length,
    outputDir: run.paths.outputDir,
    reportPath: run.paths.reportPath,
    commentPath,
    durationMs: Date.now() - startedMs,
  };
}

/** The comparison's pull request: it adds the capacity config next to the gate's own. */
const COMPARISON_PR = {
  number: 3,
  branch: 'sizing/compare-instances',
  title: 'Size the ranker: compare three instance types',
  folder: 'pr-3-instance-comparison',
} as const;

/** Pull request #3 and its gate run: the capacity comparison of three instance types. */
async function comparisonRun(session: Session): Promise<ComparisonRecord> {
  const baseSha = await session.repo.defaultTip();
  const headSha = await session.repo.openPullRequestBranch(COMPARISON_PR.branch, COMPARISON_PR.title, {
    [COMPARISON_CONFIG_PATH]: comparisonConfig(session.plan.comparison ?? COMPARISON_PLAN),
  });
  const event = pullRequestEvent({ ...COMPARISON_PR, headSha, baseSha });
  const startedMs = Date.now();
  const run = await gate(
    session,
    event,
    COMPARISON_PR.folder,
    `demo-pr-${COMPARISON_PR.number}`,
    headSha,
    COMPARISON_CONFIG_PATH,
  );
  const rows = run.result.comparison ?? [];
  return {
    rows,
    recommended: rows.find((r) => r.recommended)?.instanceType,
    outputDir: run.paths.outputDir,
    reportPath: run.paths.reportPath,
    durationMs: Date.now() - startedMs,
  };
}

/** One gate run of the checkout's config for `event`, reporting into `folder`. */
async function gate(
  session: Session,
  event: EventContext,
  folder: string,
  runId: string,
  sha: string,
  configPath = CONFIG_PATH,
): Promise<JudgedRun> {
  const config = await readConfig(session, join(session.outDir, folder), configPath);
  const context: GateContext = { event, cwd: session.repo.checkoutDir };
  const deps = demoGateDeps({
    clients: session.clients,
    logger: session.log,
    run: { runId, attempt: 1, repository: DEMO_REPOSITORY, sha },
    gitEnv: session.repo.gitEnv,
    signals: session.options.signals ?? NO_SIGNALS,
    progress: session.options.progress,
    seed: 1,
  });
  const outcome = await session.log.group(`Gate run ${runId} (${event.eventName ?? 'local'})`, () =>
    runGate(config, context, deps),
  );
  if (outcome.kind !== 'judged')
    throw new InfrastructureError(`the demo's gate run ${runId} was not judged (a shard run?)`);
  return outcome;
}

/** `path` relative to the working directory when it is inside it (as a user would write it). */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The config file as the checkout has it, with the run's output directory. */
function readConfig(session: Session, outputDir: string, configPath: string): Promise<Config> {
  return loadConfigFileWithOverrides(
    join(session.repo.checkoutDir, configPath),
    [{ path: ['report', 'output-dir'], value: shownPath(outputDir), origin: 'the demo' }],
    {},
  );
}

/**
 * What the emulator still holds once the last deletion had time to finish (an endpoint stays
 * `Deleting` for a moment after DeleteEndpoint, as on AWS): anything listed was not torn down.
 */
async function remainingResources(emulator: RunningEmulator, waitMs = 5000): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const r = emulator.resources();
    const deleting = r.endpoints.some((e) => e.status === 'Deleting');
    if (!deleting || Date.now() >= deadline)
      return [
        ...r.endpoints.map((e) => `endpoint ${e.name} (${e.status})`),
        ...r.endpointConfigs.map((c) => `endpoint config ${c}`),
        ...r.models.map((m) => `model ${m}`),
      ];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function changelog(pushes: number): string {
  const lines = ['# Changelog', ''];
  for (let i = pushes; i >= 2; i--) lines.push(`- Release notes, part ${i}.`);
  return `${lines.join('\n')}\n`;
}
