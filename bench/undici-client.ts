/**
 * Fallback load client for bench/emulator.ts when `wrk` is not installed: an unsigned undici Pool
 * keeping N requests in flight for D seconds. Usage: undici-client.ts URL CONNECTIONS SECONDS BODY.
 * Prints one JSON line `{ rps, errors }`.
 */
import { Pool } from 'undici';

const [url = '', connections = '64', seconds = '5', body = '{}'] = process.argv.slice(2);
const target = new URL(url);
const pool = new Pool(target.origin, { connections: Number(connections), pipelining: 1 });
const payload = Buffer.from(body);
const endAt = performance.now() + Number(seconds) * 1000;
let done = 0;
let errors = 0;

async function user(): Promise<void> {
  while (performance.now() < endAt) {
    try {
      const res = await pool.request({
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
      });
      await res.body.dump();
      if (res.statusCode === 200) done++;
      else errors++;
    } catch {
      errors++;
    }
  }
}

const start = performance.now();
await Promise.all(Array.from({ length: Number(connections) }, user));
const elapsedSec = (performance.now() - start) / 1000;
await pool.close();
console.log(JSON.stringify({ rps: done / elapsedSec, errors }));
