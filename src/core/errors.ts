/**
 * Error vocabulary shared by every layer. Exit codes follow design.md:
 * 0 pass · 1 regression / SLO breach · 2 bad input (nothing was created) · 3 infrastructure failure.
 */
export const ExitCode = {
  Pass: 0,
  Regression: 1,
  BadInput: 2,
  Infrastructure: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One problem with user input: where it is, what was wrong, how to fix it. */
export interface InputIssue {
  /** Dotted path of the field as the user wrote it, e.g. `load.stages[1].duration`, or a file path. */
  field: string;
  /** What was wrong, including what was expected and what was given. */
  message: string;
  /** How to fix it, when there is more to say than the message. */
  fix?: string;
}

/** Bad configuration, payloads, baselines or flags. Raised before any AWS resource exists (exit 2). */
export class UserInputError extends Error {
  readonly exitCode = ExitCode.BadInput;
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[] | InputIssue, options?: { cause?: unknown; title?: string }) {
    const list = Array.isArray(issues) ? issues : [issues as InputIssue];
    super(
      formatIssues(list, options?.title),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'UserInputError';
    this.issues = list;
  }
}

/** AWS, deployment, GitHub or other infrastructure failed (exit 3). */
export class InfrastructureError extends Error {
  readonly exitCode = ExitCode.Infrastructure;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InfrastructureError';
  }
}

function formatIssues(issues: readonly InputIssue[], title?: string): string {
  const lines = issues.map((i) => `${i.field}: ${i.message}${i.fix ? ` (${i.fix})` : ''}`);
  const head = title ?? (issues.length === 1 ? 'Invalid input' : `Invalid input (${issues.length} problems)`);
  return issues.length === 1
    ? `${head}: ${lines[0]}`
    : `${head}:\n${lines.map((l) => `  - ${l}`).join('\n')}`;
}

/** The message of anything thrown, including the chain of causes, without stack traces. */
export function errorMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      const text = current.message || current.name;
      if (!parts.some((p) => p.includes(text))) parts.push(text);
      current = current.cause;
    } else {
      parts.push(typeof current === 'string' ? current : JSON.stringify(current));
      break;
    }
  }
  return parts.join(': ');
}

/** The exit code an error maps to: user input → 2, everything else → 3. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UserInputError) return ExitCode.BadInput;
  return ExitCode.Infrastructure;
}

/** Wraps a failed outside call so the message says what was being attempted, keeping the cause. */
export async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    throw new InfrastructureError(`Could not ${what}: ${errorMessage(error)}`, { cause: error });
  }
}
