/**
 * Picks the invoker implementation: `fast` (default, the hot path) or `sdk` (the reference); an
 * asynchronous endpoint (`spec.async`) always gets the async invoker (S3 input, polled output).
 */
import { createAsyncInvoker } from './async-invoker.js';
import { createFastInvoker } from './fast-invoker.js';
import type { InvocationSpec, Invoker, InvokerDeps, InvokerKind } from './invoker.js';
import { createSdkInvoker } from './sdk-invoker.js';

export function createInvoker(kind: InvokerKind, spec: InvocationSpec, deps: InvokerDeps): Invoker {
  if (spec.async !== undefined) return createAsyncInvoker(spec, deps);
  return kind === 'sdk' ? createSdkInvoker(spec, deps) : createFastInvoker(spec, deps);
}
