/**
 * What the load engine reads of a run's configuration: the load and its stages, the requests, the
 * per-request SLO that goodput and capacity probes count against, where the endpoint is, and the
 * shard this process runs. The baseline, compare, report and guardrail sections are the gate's: the
 * engine never sees them (the scenario key comes from the caller, `RunLoadTestOptions.scenarioFor`).
 */
import type { Config } from '../../config/parse.js';

export type LoadSpec = Pick<
  Config,
  'load' | 'request' | 'slo' | 'shard' | 'startAtMs' | 'region' | 'endpoint' | 'baseDir' | 'workspaceDir'
>;
