/**
 * The rules for names that travel: stage and scenario names appear in result files, report tables,
 * the PR comment's headline, tags and artifact paths, so they are restricted to characters that mean
 * nothing to markdown, HTML, shells or tag values; SageMaker resource names and tags follow AWS's
 * own rules. One place for each rule, so the config, the result schema and the control plane agree.
 */

/** A rule: the pattern, the longest allowed value, and the sentence a user reads when it is broken. */
export interface NameRule {
  readonly pattern: RegExp;
  readonly maxLength: number;
  readonly description: string;
}

/** Stage names (`load.stages[].name`, result files' `stages[].name`). */
export const STAGE_NAME_RULE: NameRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
  maxLength: 40,
  description: 'letters, digits, ".", "_" or "-", starting with a letter or digit, at most 40 characters',
};

/** Scenario names (`scenario`, result files' `scenario.name`). */
export const SCENARIO_NAME_RULE: NameRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
  maxLength: 100,
  description: 'letters, digits, ".", "_" or "-", starting with a letter or digit, at most 100 characters',
};

/** SageMaker model, endpoint config, endpoint, variant and inference component names. */
export const SAGEMAKER_NAME_RULE: NameRule = {
  pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/,
  maxLength: 63,
  description:
    'letters, digits and hyphens, starting and ending with a letter or digit, at most 63 characters (SageMaker)',
};

/** SageMaker tag keys. */
export const TAG_KEY_RULE: NameRule = {
  pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
  maxLength: 128,
  description: 'letters, digits, spaces and _.:/=+-@, at most 128 characters (AWS tag keys)',
};

/** SageMaker tag values. */
export const TAG_VALUE_RULE: NameRule = {
  pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  maxLength: 256,
  description: 'letters, digits, spaces and _.:/=+-@, at most 256 characters (AWS tag values)',
};

/** Undefined when `value` follows `rule`, else what is wrong with it. */
export function nameProblem(value: string, rule: NameRule): string | undefined {
  if (value.length > rule.maxLength)
    return `is ${value.length} characters long; the rule is ${rule.description}`;
  if (!rule.pattern.test(value)) return `must be ${rule.description}`;
  return undefined;
}
