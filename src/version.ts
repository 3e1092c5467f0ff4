/** The tool's name and version, stamped into result documents and the User-Agent. */
export const TOOL_NAME = 'sagemaker-perf-gate';
export const TOOL_VERSION = '0.1.0';
