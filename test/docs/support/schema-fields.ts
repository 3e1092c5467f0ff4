/**
 * The fields of a zod schema as the config file spells them (`load.stages[].ramp`,
 * `slo.stages.<name>.p95`), read from zod's own definitions — so documentation can be checked
 * against the schema rather than against a copy of it.
 */
import type { z } from 'zod';

interface Definition {
  type: string;
  [key: string]: unknown;
}
type Node = z.ZodType & { _zod: { def: Definition } };

const def = (schema: Node): Definition => schema._zod.def;

/** Every leaf field path of `schema` (objects are walked; arrays and records of objects too). */
export function schemaFields(schema: z.ZodType): string[] {
  const out = new Set<string>();
  walk(schema as Node, '', out);
  return [...out];
}

function walk(schema: Node, path: string, out: Set<string>): void {
  const d = def(schema);
  switch (d.type) {
    case 'object': {
      const shape = (schema as unknown as { shape: Record<string, Node> }).shape;
      for (const [key, child] of Object.entries(shape)) walk(child, path ? `${path}.${key}` : key, out);
      return;
    }
    case 'pipe':
      return walk(d['in'] as Node, path, out);
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
      return walk(d['innerType'] as Node, path, out);
    case 'union':
      for (const option of d['options'] as Node[]) {
        if (hasFields(option)) walk(option, path, out);
        else out.add(path);
      }
      return;
    case 'array': {
      const element = d['element'] as Node;
      if (hasFields(element)) walk(element, `${path}[]`, out);
      else out.add(path);
      return;
    }
    case 'record': {
      const value = d['valueType'] as Node;
      if (hasFields(value)) walk(value, `${path}.<name>`, out);
      else out.add(path);
      return;
    }
    default:
      out.add(path);
  }
}

/** Whether a schema has fields of its own: an object, or an array or record of objects (wrappers seen through). */
function hasFields(schema: Node): boolean {
  const d = def(schema);
  if (d.type === 'object') return true;
  if (d.type === 'pipe') return hasFields(d['in'] as Node);
  if (['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(d.type))
    return hasFields(d['innerType'] as Node);
  if (d.type === 'array') return hasFields(d['element'] as Node);
  if (d.type === 'record') return hasFields(d['valueType'] as Node);
  if (d.type === 'union') return (d['options'] as Node[]).some(hasFields);
  return false;
}
