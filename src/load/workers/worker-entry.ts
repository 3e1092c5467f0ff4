/**
 * Entry point of a generator worker thread (bundled as `dist/load-worker/index.js`; run from
 * source through tsx in development and tests). Wires messages to a `GeneratorHost`.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../core/errors.js';
import { GeneratorHost } from './generator-host.js';
import type { FromWorker, ToWorker, WorkerBootData } from './messages.js';

if (!isMainThread && parentPort) {
  const port = parentPort;
  const boot = workerData as WorkerBootData;
  const host = new GeneratorHost(boot.credentials);
  const send = (message: FromWorker) => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'credentials') host.setCredentials(message.credentials);
    else if (message.type === 'cancel') host.cancel();
    else if (message.type === 'close') {
      void host.close().finally(() => {
        send({ type: 'closed' });
        port.close();
      });
    } else {
      const { runId } = message;
      host
        .run(
          message.job,
          message.invocation,
          message.invoker,
          message.maxConnections,
          (progress) => send({ type: 'progress', runId, progress }),
          message.progressEveryMs,
        )
        .then(
          (report) => send({ type: 'report', runId, report }),
          (error: unknown) => send({ type: 'failed', runId, message: errorMessage(error) }),
        );
    }
  });
  send({ type: 'ready' });
}
