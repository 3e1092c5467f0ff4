/**
 * What the Actions runner hands a job of acme/models besides its inputs: the event payload of a push
 * to `main` or of a pull request against `main`, the ref name, the environment pointing the action at
 * the local stand-ins (emulator, GitHub API, artifact service), and the runtime token the artifact
 * client presents.
 */

/** A push to main (`sha`), or pull request `pr` from `headRef` (`sha`) onto `baseSha` of main. */
export interface WorkflowEvent {
  event: 'push' | 'pull_request';
  sha: string;
  baseSha: string;
  headRef: string;
  pr: number;
}

/** The event of an `actionJob`: name, payload, ref name (`main` or `<pr>/merge`) and sha. */
export function workflowEvent(e: WorkflowEvent): {
  name: 'push' | 'pull_request';
  payload: object;
  refName: string;
  sha: string;
} {
  const payload =
    e.event === 'push'
      ? { before: '0'.repeat(40), after: e.sha, repository: { default_branch: 'main' } }
      : {
          pull_request: {
            number: e.pr,
            base: { ref: 'main', sha: e.baseSha, repo: { full_name: 'acme/models' } },
            head: { ref: e.headRef, sha: e.sha, repo: { full_name: 'acme/models' } },
          },
          repository: { default_branch: 'main' },
        };
  return { name: e.event, payload, refName: e.event === 'push' ? 'main' : `${e.pr}/merge`, sha: e.sha };
}

/**
 * The runner environment of a job: the emulator's variables, the GitHub API, the artifact service
 * with its token when there is one, and the head and base refs on a pull request.
 */
export function runnerEnv(options: {
  emulatorEnv: Readonly<Record<string, string>>;
  githubUrl: string;
  artifacts?: { url: string; token: string } | undefined;
  event: 'push' | 'pull_request';
  headRef: string;
}): Record<string, string> {
  return {
    ...options.emulatorEnv,
    GITHUB_API_URL: options.githubUrl,
    ...(options.artifacts
      ? { ACTIONS_RUNTIME_TOKEN: options.artifacts.token, ACTIONS_RESULTS_URL: `${options.artifacts.url}/` }
      : {}),
    ...(options.event === 'pull_request'
      ? { GITHUB_HEAD_REF: options.headRef, GITHUB_BASE_REF: 'main' }
      : {}),
  };
}

/** An Actions runtime token (unsigned JWT) whose `Actions.Results` scope names the run and the job. */
export function runtimeToken(runId = '1', job = 'job-1'): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ scp: `Actions.Results:run-${runId}:${job}` })}.sig`;
}
