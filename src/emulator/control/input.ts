/**
 * Reading members of a control-plane request with SageMaker's own validation messages
 * (`1 validation error detected: Value null at 'endpointName' failed to satisfy constraint: ...`).
 * Member names in messages are the lower-camel wire names, as AWS prints them.
 */
import { validation } from './errors.js';

export type Input = Record<string, unknown>;

const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

function field(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

function constraint(member: string, value: unknown, rule: string) {
  const shown =
    value === undefined || value === null
      ? 'null'
      : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return validation(
    `1 validation error detected: Value ${shown} at '${field(member)}' failed to satisfy constraint: ${rule}`,
  );
}

/** A required string member. */
export function requiredString(input: Input, member: string): string {
  const value = input[member];
  if (value === undefined || value === null) throw constraint(member, value, 'Member must not be null');
  if (typeof value !== 'string') throw constraint(member, value, 'Member must be a string');
  return value;
}

export function optionalString(input: Input, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraint(member, value, 'Member must be a string');
  return value;
}

/** A required SageMaker resource name (≤ 63, letters, digits, inner hyphens). */
export function requiredName(input: Input, member: string): string {
  const name = requiredString(input, member);
  checkName(member, name);
  return name;
}

export function checkName(member: string, name: string): void {
  if (name.length > 63) throw constraint(member, name, 'Member must have length less than or equal to 63');
  if (!NAME_PATTERN.test(name))
    throw constraint(
      member,
      name,
      'Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$',
    );
}

export function optionalNumber(input: Input, member: string, min: number, max: number): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw constraint(member, value, 'Member must be a number');
  if (value < min) throw constraint(member, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(member, value, `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalEnum<T extends string>(
  input: Input,
  member: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(input, member);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw constraint(member, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  return value as T;
}

export function optionalObject(input: Input, member: string): Input | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw constraint(member, value, 'Member must be a structure');
  return value as Input;
}

export function optionalArray(input: Input, member: string): unknown[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw constraint(member, value, 'Member must be a list');
  return value;
}

/** Tags as `[{Key, Value}]`, validated like SageMaker (≤ 50, key 1–128, value ≤ 256). */
export function readTags(input: Input, member = 'Tags'): { Key: string; Value: string }[] {
  const list = optionalArray(input, member) ?? [];
  if (list.length > 50)
    throw constraint(member, `${list.length} tags`, 'Member must have length less than or equal to 50');
  return list.map((item, i) => {
    const tag = (typeof item === 'object' && item !== null ? item : {}) as Input;
    const key = requiredString(tag, 'Key');
    const value = optionalString(tag, 'Value') ?? '';
    if (key.length < 1 || key.length > 128)
      throw constraint(`${member}.${i + 1}.member.key`, key, 'Member must have length between 1 and 128');
    if (value.length > 256)
      throw constraint(
        `${member}.${i + 1}.member.value`,
        value,
        'Member must have length less than or equal to 256',
      );
    return { Key: key, Value: value };
  });
}

/** Epoch seconds (the awsJson timestamp format) → ms, for optional time filters. */
export function optionalTimeMs(input: Input, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw constraint(member, value, 'Member must be a timestamp');
  return value * 1000;
}

/** ms → the awsJson timestamp (epoch seconds, fractional). */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}
