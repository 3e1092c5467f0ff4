/** Action entry point (post step): tears down whatever the main step recorded in its state. */
import * as core from '@actions/core';
import { errorMessage } from './core/errors.js';

export async function run(): Promise<void> {
  try {
    core.info('Nothing to tear down.');
  } catch (error) {
    core.warning(`Teardown failed: ${errorMessage(error)}`);
  }
}

await run();
