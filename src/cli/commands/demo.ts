/**
 * `sagemaker-perf-gate demo` — the gate end to end against the built-in emulator, no AWS account:
 * a baseline history from pushes to main, then two pull requests (one unchanged, one slower), each
 * deployed, loaded, torn down and judged. Exit 0 when the gate judged both as expected, 1 when it
 * misjudged one (the output says which and why), 2/3 when the demo itself could not run.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import { describeModel } from '../../demo/model.js';
import { summaryLines } from '../../demo/narration.js';
import { runDemo } from '../../demo/run-demo.js';
import { barProgress } from '../../load/engine/progress-display.js';
import type { CliContext } from '../cli-context.js';

interface DemoFlags {
  out: string;
  verbose?: boolean;
}

export function register(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description(
      'run the whole gate against the built-in SageMaker emulator: record a baseline, then gate an unchanged and a slower pull request',
    )
    .option('--out <dir>', 'where the reports go (replaced if an earlier demo wrote it)', 'perf-gate-demo')
    .option('--verbose', "also print the gate's full log (always written to <out>/demo.log)")
    .addHelpText(
      'after',
      '\nNo AWS account or credentials are used: the AWS SDK clients talk only to the in-process emulator.\n' +
        'Takes about two minutes. Exit 0 when both pull requests were judged as expected.\n\n' +
        'Examples:\n  sagemaker-perf-gate demo\n  sagemaker-perf-gate demo --out /tmp/gate-demo --verbose',
    )
    .action(async (flags: DemoFlags) => {
      // The demo talks to no AWS service; the SDK's notice about its future Node requirement (printed
      // on Node < 22) would be the first thing a newcomer reads, so it is silenced here only.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const print = (line: string) => context.stdout.write(`${line}\n`);
      const tty = (context.stdout as NodeJS.WriteStream).isTTY === true;
      print(
        'sagemaker-perf-gate demo: the gate end to end against the local SageMaker emulator (no AWS account).',
      );
      print(`Modelled endpoint — ${describeModel()}.`);
      const outcome = await runDemo({
        outDir: flags.out,
        print,
        verboseLogger: flags.verbose ? context.logger : undefined,
        progress: tty && !flags.verbose ? barProgress(context.stdout) : undefined,
        signals: process,
        env: context.env,
      });
      const lines = summaryLines(outcome);
      for (const line of lines) print(line);
      await writeFile(join(outcome.outDir, 'summary.txt'), `${lines.join('\n').trim()}\n`);
      const ok = outcome.allCorrect && outcome.leftovers.length === 0;
      context.setExitCode(
        ok ? ExitCode.Pass : outcome.leftovers.length > 0 ? ExitCode.Infrastructure : ExitCode.Regression,
      );
    });
}
