import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { signAccessToken } from '../backend/src/auth/access-token.js';
import { startLocalStack } from '../backend/src/local/stack.js';
import { createUser } from '../backend/src/services/users.js';
import { report } from './support/report.js';

/**
 * Function invocation: warm latency through the API (/api/v1/functions/invoke/{name}) against
 * calling the runtime directly, at concurrency 1 and 50, in the same run; and the cold start of a
 * newly deployed function (deploy request sent → first 200 through the API).
 */
const SECONDS = 5;
const COLD_STARTS = 5;

const stack = await startLocalStack({ name: 'bench', functions: true });
try {
  const admin = await createUser(stack.app.db, {
    email: 'bench-admin@bench.test',
    password: 'bench-password-1',
    is_superuser: true,
  });
  const token = signAccessToken(stack.app, {
    sub: admin.id,
    email: admin.email,
    is_superuser: true,
    sid: randomUUID(),
  });
  const adminHeaders = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const anon = { apikey: stack.config.auth.anonKey };
  const deploy = async (name: string) => {
    const res = await fetch(`${stack.url}/api/v1/functions`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ name, code: `export default () => ({ ok: true, name: '${name}' });` }),
    });
    if (res.status !== 201) throw new Error(`deploy failed: ${res.status} ${await res.text()}`);
  };

  const cold: number[] = [];
  const afterReturn: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const started = performance.now();
    await deploy(`cold-${i}`);
    const returned = performance.now();
    for (;;) {
      const res = await fetch(`${stack.url}/api/v1/functions/invoke/cold-${i}`, { headers: anon });
      await res.arrayBuffer();
      if (res.status === 200) break;
    }
    cold.push(performance.now() - started);
    afterReturn.push(performance.now() - returned);
  }

  await deploy('warm');
  const run = async (url: string, connections: number) => {
    const result = await autocannon({ url, headers: anon, connections, duration: SECONDS });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    }
    return result;
  };
  // Warm both paths before measuring.
  await run(`${stack.runtimeUrl}/warm`, 10);
  const rows: Array<[string, string]> = [];
  const ratios: Array<[string, string]> = [];
  for (const connections of [1, 50]) {
    const api = await run(`${stack.url}/api/v1/functions/invoke/warm`, connections);
    const direct = await run(`${stack.runtimeUrl}/warm`, connections);
    rows.push(
      [
        `API, ${connections} concurrent`,
        `p50 ${api.latency.p50} ms, p99 ${api.latency.p99} ms, ${api.requests.average.toFixed(0)} req/s`,
      ],
      [
        `runtime direct, ${connections} concurrent`,
        `p50 ${direct.latency.p50} ms, p99 ${direct.latency.p99} ms, ${direct.requests.average.toFixed(0)} req/s`,
      ],
    );
    ratios.push([
      `API / direct p50 (p99), ${connections} concurrent`,
      `${(api.latency.p50 / Math.max(direct.latency.p50, 0.01)).toFixed(2)} (${(api.latency.p99 / Math.max(direct.latency.p99, 0.01)).toFixed(2)})`,
    ]);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  report(`function invocation (${SECONDS} s per run)`, [
    ...rows,
    [
      `cold start, deploy sent → first 200 (median of ${COLD_STARTS})`,
      `${median(cold).toFixed(0)} ms (max ${Math.max(...cold).toFixed(0)} ms)`,
    ],
    ['cold start, deploy returned → first 200 (median)', `${median(afterReturn).toFixed(0)} ms`],
    ...ratios,
  ]);
} finally {
  await stack.stop();
}
