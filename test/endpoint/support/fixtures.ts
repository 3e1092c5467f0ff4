/** Config files and emulator checks shared by the endpoint integration tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Emulator lifecycle delays short enough for tests, long enough to observe Creating. */
export const QUICK_LIFECYCLE = { createDelayMs: 400, updateDelayMs: 400, deleteDelayMs: 150 };

export interface CandidateConfigOptions {
  /** Extra YAML lines under `endpoint.deploy` (indented by the caller's convention: 4 spaces). */
  deploy?: string[];
  guardrails?: string;
  /** Stage duration, e.g. `200ms` or `60s`. Default `200ms`. */
  stageDuration?: string;
  /** `endpoint.deploy.wait-timeout`. Default `20s`. */
  waitTimeout?: string;
}

/** A config that deploys a candidate from a full model spec (the emulator accepts any image). */
export function candidateConfigYaml(options: CandidateConfigOptions = {}): string {
  return [
    'endpoint:',
    '  region: us-east-1',
    '  deploy:',
    '    model: { image: emulator/echo:latest, environment: { MODEL_FACTOR: "1" } }',
    '    instance-type: ml.g5.xlarge',
    `    wait-timeout: ${options.waitTimeout ?? '20s'}`,
    '    poll-interval: 100ms',
    '    teardown-timeout: 2s',
    ...(options.deploy ?? []).map((line) => `    ${line}`),
    `guardrails: ${options.guardrails ?? '{}'}`,
    'request: { payloads: [{ json: { inputs: [1] } }] }',
    `load: { warmup: 0s, workers: 1, stages: [{ duration: ${options.stageDuration ?? '200ms'}, target: 1 }] }`,
    '',
  ].join('\n');
}

/** Writes a config file into `dir` and returns its path. */
export function writeConfig(dir: string, yaml: string, name = 'perf-gate.yml'): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

export interface ResourceListing {
  models: string[];
  endpointConfigs: string[];
  endpoints: { name: string; status: string }[];
}

/** The resources whose names start with `prefix`, as one flat, sorted list (`kind:name[:status]`). */
export function resourcesNamed(listing: ResourceListing, prefix: string): string[] {
  return [
    ...listing.models.filter((n) => n.startsWith(prefix)).map((n) => `model:${n}`),
    ...listing.endpointConfigs.filter((n) => n.startsWith(prefix)).map((n) => `endpoint-config:${n}`),
    ...listing.endpoints
      .filter((e) => e.name.startsWith(prefix))
      .map((e) => `endpoint:${e.name}:${e.status}`),
  ].sort();
}

/**
 * Resources that still count as left behind: everything except an endpoint already Deleting
 * (DeleteEndpoint was accepted; SageMaker finishes it on its own).
 */
export function leftBehind(listing: ResourceListing, prefix: string): string[] {
  return resourcesNamed(listing, prefix).filter((r) => !r.endsWith(':Deleting'));
}

/** Every resource as `kind:name`, whatever its status (for "nothing was removed" checks). */
export function inventory(listing: ResourceListing): string[] {
  return resourcesNamed(listing, '').map((r) => r.split(':').slice(0, 2).join(':'));
}

/** The listing without endpoints already Deleting (left over from earlier tests, going away on their own). */
export function liveResources(listing: ResourceListing): ResourceListing {
  return { ...listing, endpoints: listing.endpoints.filter((e) => e.status !== 'Deleting') };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}
