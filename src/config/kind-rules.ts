/**
 * Cross-field rules of the hosting kinds (`endpoint.deploy.kind`, `request.async`), checked with the
 * rest of the config before anything is created. Each issue names the field and how to fix it.
 */
import type { z } from 'zod';
import type { EndpointConfig } from './endpoint-schema.js';
import type { RequestConfig } from './request-schema.js';

type Issue = { path: (string | number)[]; message: string };

/** Whether the candidate names instances (type or count, top level or its variant). */
function setsInstances(deploy: NonNullable<EndpointConfig['deploy']>): boolean {
  return (
    (deploy.instanceType ??
      deploy.instanceCount ??
      deploy.variant?.instanceType ??
      deploy.variant?.instanceCount) !== undefined
  );
}

/** The issues of the kind settings (empty when they are consistent). */
function kindIssues(endpoint: EndpointConfig, request: RequestConfig): Issue[] {
  const issues: Issue[] = [];
  const deploy = endpoint.deploy;
  const kind = deploy?.kind ?? 'instance';
  const at = (...path: string[]) => ['endpoint', 'deploy', ...path];
  const misplaced = (block: 'inference-component' | 'serverless' | 'async', wanted: string) =>
    issues.push({ path: at(block), message: `applies only to \`kind: ${wanted}\` (kind is \`${kind}\`)` });
  if (deploy?.component && kind !== 'inference-component')
    misplaced('inference-component', 'inference-component');
  if (deploy?.serverless && kind !== 'serverless') misplaced('serverless', 'serverless');
  if (deploy?.async && kind !== 'async') misplaced('async', 'async');
  if (deploy && kind === 'inference-component') {
    if (!endpoint.name)
      issues.push({
        path: ['endpoint', 'name'],
        message:
          'is required with `deploy.kind: inference-component`: the existing endpoint that hosts the candidate component',
      });
    if (deploy.fromEndpoint)
      issues.push({
        path: at('from-endpoint'),
        message:
          'cannot be used with `kind: inference-component`; give the candidate as `model` (image, environment)',
      });
    if (setsInstances(deploy))
      issues.push({
        path: at('instance-type'),
        message:
          "does not apply to `kind: inference-component` (the component runs on the host endpoint's instances); set `inference-component.memory-mb` / `cpu-cores` instead",
      });
    if (request.inferenceComponent)
      issues.push({
        path: ['request', 'inference-component'],
        message:
          'is set by the run with `deploy.kind: inference-component` (the candidate component); remove it',
      });
  }
  if (deploy && kind === 'serverless') {
    if (setsInstances(deploy))
      issues.push({
        path: at('instance-type'),
        message:
          'does not apply to `kind: serverless`; set `serverless.memory-mb` and `serverless.max-concurrency` instead',
      });
    const s = deploy.serverless;
    if (s?.provisionedConcurrency !== undefined && s.provisionedConcurrency > s.maxConcurrency)
      issues.push({
        path: at('serverless', 'provisioned-concurrency'),
        message: `must be at most max-concurrency (${s.maxConcurrency})`,
      });
  }
  if (deploy && kind === 'async' && !deploy.async)
    issues.push({
      path: at('async'),
      message:
        'is required with `kind: async`: set `output-path: s3://bucket/prefix` (and optionally `failure-path`)',
    });
  const asyncRun = request.async || kind === 'async';
  if (request.async && deploy && kind !== 'async')
    issues.push({
      path: ['request', 'async'],
      message: `tests an existing asynchronous endpoint; a deployed \`kind: ${kind}\` candidate is not one (use \`deploy.kind: async\`)`,
    });
  if (request.async && !deploy && !request.asyncInputPath)
    issues.push({
      path: ['request', 'async-input-path'],
      message: 'is required with `async: true`: the s3://bucket/prefix the payloads are uploaded to',
    });
  if (asyncRun && request.stream)
    issues.push({ path: ['request', 'stream'], message: 'cannot be used with asynchronous inference' });
  if (!asyncRun && request.asyncInputPath)
    issues.push({
      path: ['request', 'async-input-path'],
      message: 'applies only to asynchronous inference (`request.async: true` or `deploy.kind: async`)',
    });
  return issues;
}

/** Adds the kind issues to a zod refinement context. */
export function refineKinds(endpoint: EndpointConfig, request: RequestConfig, ctx: z.RefinementCtx): void {
  for (const issue of kindIssues(endpoint, request)) ctx.addIssue({ code: 'custom', ...issue });
}
