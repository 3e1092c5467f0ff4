/**
 * Config values that reach `git`: the data branch and the remote. Both are untrusted (a pull request
 * may edit the config), so each is checked against a strict shape before git sees it, and git gets
 * them only as positional arguments after `--end-of-options` (see src/baseline/git/).
 */
import { z } from 'zod';

/** Longest branch name accepted (git allows more; no data branch needs it). */
const MAX_BRANCH_LENGTH = 200;
const BRANCH_CHARS = /^[A-Za-z0-9._/-]+$/;
const REMOTE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Why `name` is not a branch name `git check-ref-format --branch` accepts (with a narrower character
 * set), or undefined when it is fine. The git store also asks git itself before the first fetch.
 */
export function branchNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_BRANCH_LENGTH) return `is longer than ${MAX_BRANCH_LENGTH} characters`;
  if (!BRANCH_CHARS.test(name)) return 'may hold only letters, digits, ".", "_", "-" and "/"';
  if (name.startsWith('-')) return 'must not start with "-" (git would read it as an option)';
  if (name === 'HEAD') return 'must not be "HEAD"';
  if (name.includes('..')) return 'must not contain ".."';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//'))
    return 'must not start or end with "/" or contain "//"';
  if (name.endsWith('.')) return 'must not end with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return `has a component starting with "." ("${part}")`;
    if (part.endsWith('.lock')) return `has a component ending with ".lock" ("${part}")`;
  }
  return undefined;
}

/**
 * Why `remote` is neither a remote name (`origin`) nor an `https://` URL without credentials, or
 * undefined when it is one of them.
 */
export function remoteProblem(remote: string): string | undefined {
  if (REMOTE_NAME.test(remote)) return undefined;
  if (!/^https:\/\//i.test(remote))
    return 'must be a remote name (letters, digits, ".", "_", "-"; e.g. origin) or an https:// URL';
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(remote)) return 'must not contain spaces or control characters';
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return 'is not a valid https:// URL';
  }
  if (url.username || url.password)
    return 'must not carry credentials; the action authenticates with the checkout token';
  if (!url.hostname) return 'has no host';
  return undefined;
}

/** `baseline.branch`: a data branch name git accepts. */
export const branchNameField = z.string().superRefine((name, ctx) => {
  const problem = branchNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}, but got ${shown(name)}` });
});

/** `baseline.remote`: a remote name or an https URL. */
export const remoteField = z.string().superRefine((remote, ctx) => {
  const problem = remoteProblem(remote);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}, but got ${shown(remote)}` });
});

function shown(value: string): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}
