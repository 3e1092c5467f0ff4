/**
 * The files of the demo's serving repository: the gate's config file (`.github/perf-gate.yml`) as a
 * team would write it, and the payloads it sends. Pull requests change the config; the default
 * branch's version is the baseline.
 */
import type { DemoPlan } from './plan.js';

/** Where the config lives in the repository (the action's default `config` input). */
export const CONFIG_PATH = '.github/perf-gate.yml';
/** The payload file, next to the config (paths in the config are relative to it). */
const PAYLOADS_FILE = 'perf-gate-payloads.jsonl';
export const PAYLOADS_PATH = `.github/${PAYLOADS_FILE}`;

/** The AWS account in ARNs (the emulator's default account). */
const ACCOUNT = '123456789012';

/** The config file for a branch whose endpoint serves on `instanceType`. */
export function perfGateConfig(instanceType: string, plan: DemoPlan): string {
  return `# The performance gate of the ranker endpoint: every pull request deploys a candidate from this
# config, loads it, and is compared with the results of the default branch (sagemaker-perf-gate).
scenario: ranker
endpoint:
  region: us-east-1
  deploy:
    model:
      image: ${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/ranker:3.2.0
      model-data-url: s3://acme-models/ranker/3.2.0/model.tar.gz
      execution-role-arn: arn:aws:iam::${ACCOUNT}:role/SageMakerExecution
      environment: { MAX_CONCURRENT_REQUESTS: '320' }
    instance-type: ${instanceType}
    instance-count: 1
    poll-interval: 500ms # the emulator deploys in half a second; keep the default (15s) on AWS
guardrails:
  allowed-instance-types: [ml.g5.xlarge, ml.g5.2xlarge, ml.g4dn.xlarge]
  max-instance-count: 1
  max-cost-usd: 2
request:
  payloads: ${PAYLOADS_FILE}
compare:
  bootstrap-block: 2 # the modelled endpoint has no stalls or drift: 2-second blocks are long enough
load:
  workers: 1 # ${plan.users} requests in flight at ~${plan.users} req/s: one generator thread is plenty
  warmup: ${plan.warmup}
${plan.maxClientDelay === undefined ? '' : `  max-client-delay: ${plan.maxClientDelay} # a busy machine delays the client; immaterial next to a 1 s model\n`}  stages:
    - { name: steady, duration: ${plan.stageDuration}, target: ${plan.users} }
`;
}

/** The payloads: one JSON request per line, chosen at random (seeded) for each invocation. */
export function payloadLines(): string {
  const requests = [
    { query: 'waterproof hiking boots', candidates: ['b-1041', 'b-2210', 'b-0077', 'b-3190'] },
    { query: 'trail running shoes', candidates: ['s-5512', 's-1200', 's-8731'] },
    { query: 'lightweight rain jacket', candidates: ['j-0091', 'j-4410', 'j-2301', 'j-7777', 'j-0012'] },
    { query: 'merino wool socks', candidates: ['w-3300', 'w-3301'] },
  ];
  return `${requests.map((r) => JSON.stringify(r)).join('\n')}\n`;
}
