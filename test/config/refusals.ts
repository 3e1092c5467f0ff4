/** What a refusal names: the issues of the `UserInputError` a call throws, as `field: message`. */
import { parseConfig, parseYaml } from '../../src/config/parse.js';
import { UserInputError } from '../../src/core/errors.js';

/** The issues `fn` is refused with; fails the test when `fn` is accepted or throws anything else. */
export function refusalIssues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserInputError) return error.issues.map((i) => `${i.field}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The issues `parseConfig` refuses a YAML config with (no environment). */
export function configIssues(yaml: string): string[] {
  return refusalIssues(() => parseConfig(parseYaml(yaml), { env: {} }));
}
