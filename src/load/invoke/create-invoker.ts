/** Picks the invoker implementation: `fast` (default, the hot path) or `sdk` (the reference). */
import { createFastInvoker } from './fast-invoker.js';
import type { InvocationSpec, Invoker, InvokerDeps, InvokerKind } from './invoker.js';
import { createSdkInvoker } from './sdk-invoker.js';

export function createInvoker(kind: InvokerKind, spec: InvocationSpec, deps: InvokerDeps): Invoker {
  return kind === 'sdk' ? createSdkInvoker(spec, deps) : createFastInvoker(spec, deps);
}
