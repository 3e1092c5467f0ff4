/**
 * `compare.baseline-deploy: base`: what the baseline side deploys — the base branch's
 * `endpoint.deploy`, read with git from the base commit (the pull request's base, or the CLI's
 * `--base-ref`) at the same path as the config under test: the file the guardrails are read from.
 *
 * The base branch's config is trusted more than the pull request's (it was reviewed and merged),
 * but it is still input: it must parse with this version's schema, deploy something, and stay in
 * the run's region; its deploy is held to the limits in force for the run (the lifecycle checks its
 * plan against the guardrails with the candidate's). Everything that is not *what is deployed* —
 * the load, the comparison, the teardown and expiry limits, the name prefix — is the run's own.
 * Any problem is exit 2, before anything is created.
 */
import { readConfigAtCommit } from '../baseline/git/read-at-commit.js';
import { gitRunner } from '../baseline/git/git-cli.js';
import { parseConfig, parseYaml, type Config } from '../config/parse.js';
import { UserInputError, type InputIssue } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { BaselineDeploy } from '../endpoint/pair-lifecycle.js';
import { repositoryPath } from '../guardrails/enforce.js';
import type { GateContext } from './gate-context.js';

const FIELD = 'compare.baseline-deploy';
const TITLE = 'Cannot deploy the base branch as the baseline; nothing was created';

export interface BaseDeployOptions {
  env?: Readonly<Record<string, string | undefined>> | undefined;
  logger: Logger;
}

/** The commit whose config is the baseline: the CLI's `--base-ref`, else the pull request's base. */
export function baseCommitOf(context: GateContext): string | undefined {
  return context.baseCommit ?? context.event.pullRequest?.baseSha;
}

/** Reads and validates the base branch's deploy (see the file comment); throws exit 2 on a problem. */
export async function readBaseDeploy(
  config: Config,
  context: GateContext,
  options: BaseDeployOptions,
): Promise<BaselineDeploy> {
  const fail = (issues: InputIssue | InputIssue[], cause?: unknown): never => {
    throw new UserInputError(issues, { title: TITLE, ...(cause ? { cause } : {}) });
  };
  const commit = baseCommitOf(context);
  if (!commit)
    fail({
      field: FIELD,
      message: 'needs a base commit to deploy the baseline from, and this run has none',
      fix: 'run it on a pull request (the base commit comes from the event), or pass `--base-ref <branch or commit>` to `run`',
    });
  if (!config.sourcePath)
    fail({
      field: FIELD,
      message:
        'needs the config to come from a file in the repository (the base branch’s copy of that file is deployed)',
      fix: 'pass the config as a file (`config` input or `--config`)',
    });
  const path = await repositoryPath(context.cwd, config.sourcePath ?? '', options.env);
  if (!path)
    fail({
      field: FIELD,
      message: `the config ${config.sourcePath ?? ''} is not inside the git repository at ${context.cwd}, so it has no base-branch version`,
      fix: 'keep the config file in the repository',
    });
  const at = `${path ?? ''} at the base commit ${(commit ?? '').slice(0, 12)}`;
  const text = await readConfigAtCommit({
    cwd: context.cwd,
    commit: commit ?? '',
    path: path ?? '',
    ...(options.env ? { env: options.env } : {}),
  });
  if (text === undefined)
    fail({
      field: FIELD,
      message: `the base commit ${(commit ?? '').slice(0, 12)} has no ${path ?? ''}, so there is no baseline to deploy`,
      fix: 'merge the config to the base branch first, or compare with `compare.mode: history` / `compare.baseline-endpoint` for this pull request',
    });
  let base: Config | undefined;
  try {
    base = parseConfig(parseYaml(text ?? '', at), {
      sourcePath: config.sourcePath ?? '',
      env: { AWS_REGION: config.region, GITHUB_WORKSPACE: config.workspaceDir },
    });
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    fail(
      error.issues.map((i) => ({
        ...i,
        field: `${at}: ${i.field}`,
        fix:
          i.fix ??
          'fix the config on the base branch, or use `compare.baseline-endpoint` for this pull request',
      })),
      error,
    );
  }
  const deploy = base?.endpoint.deploy;
  if (!base || !deploy)
    return fail({
      field: FIELD,
      message: `${at} deploys nothing (it tests the existing endpoint "${base?.endpoint.name ?? ''}")`,
      fix: 'compare with that endpoint through `compare.baseline-endpoint` instead',
    });
  if (base.region !== config.region)
    fail({
      field: FIELD,
      message: `${at} deploys in ${base.region}, this run in ${config.region}: the two sides must share a region`,
      fix: 'set the same `endpoint.region` on both branches',
    });
  const own = config.endpoint.deploy;
  const hostEndpoint =
    deploy.kind === 'inference-component'
      ? own?.kind === 'inference-component'
        ? config.endpoint.name
        : base.endpoint.name
      : undefined;
  if (deploy.kind === 'async')
    fail({
      field: FIELD,
      message: `${at} deploys an asynchronous endpoint, which paired blocks cannot load`,
      fix: 'use `compare.mode: history` until the base branch deploys a real-time kind',
    });
  if (
    deploy.kind === 'inference-component' &&
    own?.kind === 'inference-component' &&
    base.endpoint.name !== config.endpoint.name
  )
    options.logger.info(
      `The base branch's component is placed on this run's host endpoint "${config.endpoint.name ?? ''}" (it names "${base.endpoint.name ?? ''}"), so both components share one endpoint.`,
    );
  options.logger.info(
    `A/B: the baseline deploys ${describeDeploy(deploy)} from ${at}; the candidate deploys ${own ? describeDeploy(own) : 'nothing'}.`,
  );
  return {
    commit: commit ?? '',
    deploy: {
      ...deploy,
      // The run's own limits and naming (enforced from the inputs, the base branch and the file).
      namePrefix: own?.namePrefix ?? deploy.namePrefix,
      teardownTimeoutMs: own?.teardownTimeoutMs ?? deploy.teardownTimeoutMs,
      expiresAfterMs: own?.expiresAfterMs ?? deploy.expiresAfterMs,
      keep: own?.keep ?? false,
    },
    ...(hostEndpoint ? { hostEndpoint } : {}),
  };
}

/** Resolves the CLI's `--base-ref` to a commit id in the checkout (exit 2 when it does not exist). */
export async function resolveBaseRef(
  ref: string,
  cwd: string,
  env?: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  if (ref.startsWith('-') || /\s/.test(ref) || ref === '')
    throw new UserInputError({
      field: '--base-ref',
      message: `"${ref}" is not a branch, tag or commit`,
      fix: 'name the base as a branch (`main`), a tag or a commit sha',
    });
  const git = gitRunner({ cwd, ...(env ? { env } : {}) });
  const out = await git.tryRun(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  const sha = out.stdout.trim();
  if (out.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha))
    throw new UserInputError({
      field: '--base-ref',
      message: `"${ref}" is not a commit in the repository at ${cwd}`,
      fix: 'name a local branch, tag or commit (fetch it first when the checkout is shallow)',
    });
  return sha;
}

function describeDeploy(deploy: NonNullable<Config['endpoint']['deploy']>): string {
  const what = deploy.fromEndpoint
    ? `a clone of "${deploy.fromEndpoint}"`
    : `image ${deploy.model?.image ?? '(unknown)'}`;
  const on = deploy.instanceType ?? deploy.variant?.instanceType;
  return `${deploy.kind} ${what}${on ? ` on ${on}` : ''}`;
}
