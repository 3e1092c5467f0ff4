/** The Octokit the publishers use: the real one from `@actions/github`, pointed at the context's API URL. */
import { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;

/**
 * An authenticated client. `apiUrl` comes from the event context (GITHUB_API_URL), which GitHub
 * Enterprise and tests set; it is passed explicitly because `@actions/github` reads the variable
 * only once, when it is first imported.
 */
export function createOctokit(token: string, apiUrl: string): Octokit {
  return getOctokit(token, { baseUrl: apiUrl });
}
