/**
 * Every name and tag of a planned candidate checked against SageMaker's rules before the first create
 * call: the prefix, the short sha, the run id and the leg id are combined and cut to fit, and a clone
 * adds model suffixes, so the final names are checked, not only their parts. A broken rule is bad
 * input (exit 2) naming the field it came from; nothing has been created yet.
 */
import { UserInputError, type InputIssue } from '../core/errors.js';
import { nameProblem, SAGEMAKER_NAME_RULE, TAG_KEY_RULE, TAG_VALUE_RULE } from '../core/name-rules.js';
import type { DeployPlan } from './plan.js';

const NAME_FIELD = 'endpoint.deploy.name-prefix';

/** Throws a `UserInputError` listing every name or tag of `plan` that SageMaker would refuse. */
export function checkPlannedNames(plan: DeployPlan): void {
  const issues: InputIssue[] = [];
  const name = (kind: string, value: string | undefined) => {
    const problem = nameProblem(value ?? '', SAGEMAKER_NAME_RULE);
    if (problem !== undefined)
      issues.push({
        field: NAME_FIELD,
        message: `the ${kind} name "${value ?? ''}" ${problem}`,
        fix: 'use a shorter `endpoint.deploy.name-prefix` of letters, digits and hyphens',
      });
  };
  name('endpoint', plan.endpoint.EndpointName);
  name('endpoint config', plan.endpointConfig.EndpointConfigName);
  for (const model of plan.models) name('model', model.ModelName);
  for (const variant of plan.endpointConfig.ProductionVariants ?? []) name('variant', variant.VariantName);
  for (const tag of plan.endpoint.Tags ?? []) {
    const keyProblem = nameProblem(tag.Key ?? '', TAG_KEY_RULE);
    const valueProblem = nameProblem(tag.Value ?? '', TAG_VALUE_RULE);
    if (keyProblem !== undefined)
      issues.push({ field: `tag ${tag.Key ?? ''}`, message: `the tag key ${keyProblem}` });
    if (valueProblem !== undefined)
      issues.push({
        field: `tag ${tag.Key ?? ''}`,
        message: `the value "${tag.Value ?? ''}" ${valueProblem}`,
      });
  }
  if (issues.length > 0)
    throw new UserInputError(issues, { title: 'Invalid resource names; nothing was created' });
}
