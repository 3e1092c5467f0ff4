/** The resources a candidate deployment creates, as teardown, state and sweep see them. */

/** The kinds of resource we create, in creation order (an inference component goes on an existing endpoint). */
export const RESOURCE_KINDS = ['model', 'endpoint-config', 'endpoint', 'inference-component'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** One resource that exists because we created it. */
export interface CreatedResource {
  kind: ResourceKind;
  name: string;
  /** ARN returned by the create call, when there was one. */
  arn?: string | undefined;
}

/** `endpoint "x"`, `endpoint config "x"`, `model "x"` — how messages name a resource. */
export function describeResource(resource: Pick<CreatedResource, 'kind' | 'name'>): string {
  const label =
    resource.kind === 'endpoint-config'
      ? 'endpoint config'
      : resource.kind === 'inference-component'
        ? 'inference component'
        : resource.kind;
  return `${label} "${resource.name}"`;
}
