/** Files the CLI's commands read from their arguments: an unreadable one is a usage error naming it. */
import { readFile } from 'node:fs/promises';
import { errorMessage, UserInputError } from '../core/errors.js';
import { parseResultDocument } from '../baseline/result-file.js';
import type { ResultDocument } from '../result/document.js';

/** The text of `path`, or exit 2 saying which file could not be read and why. */
export async function readArgumentFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UserInputError(
      {
        field: path,
        message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`,
        fix: 'check the path (relative paths are from the current directory) and that the file is readable',
      },
      { cause: error },
    );
  }
}

/** A result.json given on the command line, validated against the result schema. */
export async function readResultArgument(path: string): Promise<ResultDocument> {
  return parseResultDocument(await readArgumentFile(path), path);
}
