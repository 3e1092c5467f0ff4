/** AddTags, ListTags, DeleteTags on models, endpoint configurations and endpoints (by ARN). */
import type { EmulatorContext } from '../emulator-context.js';
import { ControlPlaneError, validation } from './errors.js';
import {
  optionalArray,
  optionalNumber,
  optionalString,
  readTags,
  requiredString,
  type Input,
} from './input.js';

const MAX_TAGS = 50;

function resource(ctx: EmulatorContext, input: Input): string {
  const arn = requiredString(input, 'ResourceArn');
  const found = ctx.resources.resolveArn(arn);
  if (found === undefined) {
    if (!/^arn:aws[a-z-]*:sagemaker:/.test(arn))
      throw validation(
        `1 validation error detected: Value '${arn}' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:.+`,
      );
    throw validation(`Could not find resource "${arn}".`);
  }
  return ctx.resources.arn(found.kind, found.name);
}

export function addTags(input: Input, ctx: EmulatorContext): Input {
  const arn = resource(ctx, input);
  const tags = readTags(input);
  if (tags.length === 0)
    throw validation(
      "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
    );
  const existing = new Set((ctx.resources.tags.get(arn) ?? new Map<string, string>()).keys());
  for (const tag of tags) existing.add(tag.Key);
  if (existing.size > MAX_TAGS)
    throw new ControlPlaneError('ResourceLimitExceeded', `A resource can have at most ${MAX_TAGS} tags.`);
  ctx.resources.addTags(arn, tags);
  return { Tags: tags };
}

export function listTags(input: Input, ctx: EmulatorContext): Input {
  const arn = resource(ctx, input);
  const maxResults = optionalNumber(input, 'MaxResults', 50, 100) ?? 50;
  const token = optionalString(input, 'NextToken');
  const offset = token === undefined ? 0 : Number.parseInt(Buffer.from(token, 'base64').toString('utf8'), 10);
  if (!Number.isInteger(offset) || offset < 0) throw validation('Invalid pagination token.');
  const all = ctx.resources.tagList(arn);
  const page = all.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return {
    Tags: page,
    ...(next < all.length ? { NextToken: Buffer.from(String(next)).toString('base64') } : {}),
  };
}

export function deleteTags(input: Input, ctx: EmulatorContext): Input {
  const arn = resource(ctx, input);
  const keys = optionalArray(input, 'TagKeys');
  if (keys === undefined || keys.length === 0)
    throw validation(
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
  const map = ctx.resources.tags.get(arn);
  for (const key of keys) if (typeof key === 'string') map?.delete(key);
  return {};
}
