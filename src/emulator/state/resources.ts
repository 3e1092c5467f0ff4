/**
 * The emulator's control-plane state: models, endpoint configurations, endpoints and their tags,
 * as SageMaker keeps them. Records hold the caller's input (echoed by Describe* calls) plus what the
 * emulator derived; endpoints also hold their live deployment (what the runtime invokes).
 */
import type { ContainerSpec } from '../model/behaviour.js';
import type { ComponentRecord } from '../kinds/components.js';
import type { DeployedEndpoint } from './deployed.js';

export const ENDPOINT_STATUSES = [
  'OutOfService',
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'InService',
  'Deleting',
  'Failed',
  'UpdateRollbackFailed',
] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

export type ResourceKind = 'model' | 'endpoint-config' | 'endpoint' | 'inference-component';

export interface ModelRecord {
  name: string;
  arn: string;
  creationTimeMs: number;
  /** The container the emulator models (PrimaryContainer, else the first of Containers). */
  container: ContainerSpec;
  /** Members of the CreateModel input echoed by DescribeModel. */
  input: Record<string, unknown>;
}

/** One production variant as CreateEndpointConfig received it (the members the emulator uses). */
export interface VariantSpec {
  VariantName: string;
  /** '' for a variant that hosts inference components. */
  ModelName: string;
  InstanceType: string;
  InitialInstanceCount: number;
  InitialVariantWeight: number;
  ContainerStartupHealthCheckTimeoutInSeconds?: number;
  /** Serverless variants: memory and concurrency (InstanceType is then `serverless`). */
  Serverless?: { memoryMb: number; maxConcurrency: number; provisionedConcurrency: number };
  /** The whole input object, echoed by DescribeEndpointConfig. */
  raw: Record<string, unknown>;
}

export interface EndpointConfigRecord {
  name: string;
  arn: string;
  creationTimeMs: number;
  variants: VariantSpec[];
  input: Record<string, unknown>;
}

export interface EndpointRecord {
  name: string;
  arn: string;
  configName: string;
  status: EndpointStatus;
  failureReason: string | undefined;
  creationTimeMs: number;
  lastModifiedTimeMs: number;
  /** The deployment the runtime invokes (InService, Updating); undefined otherwise. */
  deployed: DeployedEndpoint | undefined;
  /** Bumped on every transition, so a stale timer of an earlier transition does nothing. */
  generation: number;
}

/** All resources of one emulator (one account, one region). */
export class ResourceStore {
  readonly region: string;
  readonly accountId: string;
  /** Keyed by lower-cased name: SageMaker names are unique regardless of case. */
  readonly models = new Map<string, ModelRecord>();
  readonly configs = new Map<string, EndpointConfigRecord>();
  readonly endpoints = new Map<string, EndpointRecord>();
  /** Inference components, keyed by lower-cased name. */
  readonly components = new Map<string, ComponentRecord>();
  /** Tags by resource ARN, in insertion order. */
  readonly tags = new Map<string, Map<string, string>>();

  constructor(region: string, accountId: string) {
    this.region = region;
    this.accountId = accountId;
  }

  /** `arn:aws:sagemaker:<region>:<account>:<kind>/<lower-cased name>`, as SageMaker forms them. */
  arn(kind: ResourceKind, name: string): string {
    return `arn:aws:sagemaker:${this.region}:${this.accountId}:${kind}/${name.toLowerCase()}`;
  }

  /** The resource an ARN names, if it exists. */
  resolveArn(arn: string): { kind: ResourceKind; name: string } | undefined {
    const match =
      /^arn:aws[a-z-]*:sagemaker:[^:]*:[^:]*:(model|endpoint-config|endpoint|inference-component)\/(.+)$/.exec(
        arn,
      );
    if (!match) return undefined;
    const kind = match[1] as ResourceKind;
    const lower = (match[2] as string).toLowerCase();
    const map: ReadonlyMap<string, { name: string }> =
      kind === 'model'
        ? this.models
        : kind === 'endpoint'
          ? this.endpoints
          : kind === 'inference-component'
            ? this.components
            : this.configs;
    const record = map.get(lower);
    return record === undefined ? undefined : { kind, name: record.name };
  }

  /** Sets tags on a resource (existing keys are overwritten). */
  addTags(arn: string, tags: readonly { Key: string; Value: string }[]): void {
    let map = this.tags.get(arn);
    if (map === undefined) {
      map = new Map();
      this.tags.set(arn, map);
    }
    for (const tag of tags) map.set(tag.Key, tag.Value);
  }

  tagList(arn: string): { Key: string; Value: string }[] {
    return [...(this.tags.get(arn) ?? new Map<string, string>())].map(([Key, Value]) => ({ Key, Value }));
  }

  /** Every inference component with its status, by name. */
  listComponents(): { name: string; status: string }[] {
    return [...this.components.values()]
      .map((c) => ({ name: c.name, status: c.status }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every resource, for "nothing was created" assertions. */
  list(): {
    models: string[];
    endpointConfigs: string[];
    endpoints: { name: string; status: EndpointStatus }[];
  } {
    return {
      models: [...this.models.values()].map((m) => m.name).sort(),
      endpointConfigs: [...this.configs.values()].map((c) => c.name).sort(),
      endpoints: [...this.endpoints.values()]
        .map((e) => ({ name: e.name, status: e.status }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}
