/** How the CLI shows a gate's outcome: the stage table, the verdict and its annotations, the files. */
import { verdictAnnotations } from '../gate/annotations.js';
import type { GateOutcome } from '../gate/run-gate.js';
import { formatStageTable } from './commands/stage-table.js';
import type { CliContext } from './context.js';

/** Prints the outcome and sets the exit code (0 pass, 1 regression / SLO breach). */
export function printGateOutcome(outcome: GateOutcome, context: CliContext): void {
  context.stdout.write(`${formatStageTable(outcome.result)}\n`);
  if (outcome.kind === 'judged') {
    for (const a of verdictAnnotations(outcome.verdict)) context.logger[a.level](`${a.title}: ${a.message}`);
    context.stdout.write(`\n${outcome.verdict.state.toUpperCase()}: ${outcome.verdict.headline}\n`);
    if (outcome.decision.warning) context.logger.warning(outcome.decision.warning);
    if (outcome.decision.failureReason) context.logger.error(outcome.decision.failureReason);
    context.logger.info(`Report: ${outcome.paths.reportPath} (all files in ${outcome.paths.outputDir})`);
  }
  context.logger.info(`Wrote ${outcome.paths.resultPath}`);
  context.setExitCode(outcome.exitCode);
}
