/**
 * How text becomes a token count when a response carries no usage, and how synthetic prompts are cut
 * to a token length. Two counters:
 * - `tokenizer`: the model's own Hugging Face tokenizer.json (via `@huggingface/tokenizers`, Hugging
 *   Face's pure-JS reader of that format), special tokens not counted — exact;
 * - `words`: whitespace-separated words — an estimate, labelled as one wherever it is reported.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { UserInputError } from '../../core/errors.js';

/** Where a token figure came from (reported next to every token figure). */
export type TokenCountSource = 'usage' | 'tokenizer' | 'events' | 'estimate';

export interface TokenCounter {
  /** `tokenizer` counts are exact for that model; `words` counts are estimates. */
  readonly kind: 'tokenizer' | 'words';
  /** Tokens in `text` (no special tokens added). */
  count(text: string): number;
  /** The token pieces of `text`, as ids (tokenizer) or word indices into `pieces` (words). */
  encode(text: string): number[];
  /** Text of a run of pieces returned by `encode`. */
  decode(ids: readonly number[], source: string): string;
}

/** Counts whitespace-separated words: an estimate for any real model (and exact for the emulator). */
export const WORD_COUNTER: TokenCounter = {
  kind: 'words',
  count(text) {
    let count = 0;
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const space = c === 32 || c === 10 || c === 9 || c === 13;
      if (!space && !inWord) count++;
      inWord = !space;
    }
    return count;
  },
  encode(text) {
    return text
      .split(/\s+/)
      .filter((w) => w.length > 0)
      .map((_, i) => i);
  },
  decode(ids, source) {
    const words = wordsOf(source);
    return ids.map((i) => words[i] ?? '').join(' ');
  },
};

let splitCache: { source: string; words: readonly string[] } | undefined;

/** The words of `source` (the last split is kept: decoding cuts many prompts from one corpus). */
function wordsOf(source: string): readonly string[] {
  if (splitCache?.source !== source)
    splitCache = { source, words: source.split(/\s+/).filter((w) => w.length > 0) };
  return splitCache.words;
}

/** A counter backed by a parsed Hugging Face tokenizer.json. */
function tokenizerCounter(json: unknown, label: string): TokenCounter {
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json as object, {});
    tokenizer.encode('probe');
  } catch (error) {
    throw new UserInputError(
      {
        field: 'request.tokenizer',
        message: `"${label}" is not a Hugging Face tokenizer.json this reader understands (${(error as Error).message})`,
        fix: 'use the tokenizer.json from the model repository (the "fast" tokenizer format)',
      },
      { cause: error },
    );
  }
  return {
    kind: 'tokenizer',
    count: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length,
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids,
    decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: true }),
  };
}

/**
 * The absolute path of `request.tokenizer`: relative to the config file's directory, and confined
 * to it or to `workspaceDir` (a path that escapes both is refused, never read).
 */
export function resolveTokenizerPath(given: string, baseDir: string, workspaceDir: string): string {
  const path = resolve(baseDir, given);
  const inside = (root: string) => {
    const rel = relative(resolve(root), path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  if (isAbsolute(given) || !(inside(baseDir) || inside(workspaceDir))) {
    throw new UserInputError({
      field: 'request.tokenizer',
      message: `"${given}" points outside the workspace`,
      fix: 'commit the tokenizer.json in the repository and give its path relative to the config file',
    });
  }
  return path;
}

const loaded = new Map<string, TokenCounter>();

/** Loads (once per thread) the tokenizer at an already-resolved absolute path. */
export function loadTokenizer(path: string): TokenCounter {
  const cached = loaded.get(path);
  if (cached) return cached;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserInputError(
      {
        field: 'request.tokenizer',
        message: `cannot read "${path}" as JSON (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        fix: 'paths are relative to the config file',
      },
      { cause: error },
    );
  }
  const counter = tokenizerCounter(json, path);
  loaded.set(path, counter);
  return counter;
}
