/** Action entry point (main step). Wires the flow; `run()` is the only place that fails the step. */
import * as core from '@actions/core';
import { loadConfigFile } from './config/parse.js';
import { errorMessage } from './core/errors.js';

export async function run(): Promise<void> {
  try {
    const path = core.getInput('config') || '.github/perf-gate.yml';
    const config = await loadConfigFile(path, process.env);
    core.info(`Configuration ${path} is valid (${config.load.stages.length} stages).`);
  } catch (error) {
    core.setFailed(errorMessage(error));
  }
}

await run();
