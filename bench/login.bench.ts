import argon2 from 'argon2';
import autocannon from 'autocannon';
import { startLocalStack } from '../backend/src/local/stack.js';
import { hashPassword } from '../backend/src/services/passwords.js';
import { createUser } from '../backend/src/services/users.js';
import { meanMs, measure, report } from './support/report.js';

/**
 * Login throughput through the API against raw argon2id verification with the same parameters
 * and the same concurrency, in one run: the ratio says how much the HTTP, SQL and token work adds
 * to the password hash that dominates a login. Also compares the latency of a wrong password with
 * that of an unknown email, which must be alike so logins do not reveal which emails exist.
 */
const CONCURRENCY = 4;
const SECONDS = 10;
const PASSWORD = 'bench-password-1';

const stack = await startLocalStack({ name: 'bench' });
try {
  const user = await createUser(stack.app.db, { email: 'bench-user@bench.test', password: PASSWORD });
  const headers = { 'content-type': 'application/json', apikey: stack.config.auth.anonKey };
  const login = (email: string, password: string) =>
    fetch(`${stack.url}/api/v1/auth/login`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, password }),
    });

  const api = await autocannon({
    url: `${stack.url}/api/v1/auth/login`,
    method: 'POST',
    headers,
    body: JSON.stringify({ email: user.email, password: PASSWORD }),
    connections: CONCURRENCY,
    duration: SECONDS,
  });
  if (api.non2xx > 0 || api.errors > 0)
    throw new Error(`login failed during the run: ${api.non2xx} non-2xx, ${api.errors} errors`);

  const hash = await hashPassword(PASSWORD);
  const raw = (await measure(() => argon2.verify(hash, PASSWORD), CONCURRENCY, SECONDS)).perSecond;

  const wrongPassword = await meanMs(() => login(user.email, 'wrong-password'), 10);
  const unknownEmail = await meanMs(() => login('nobody@bench.test', 'wrong-password'), 10);

  report(`login (${CONCURRENCY} concurrent, ${SECONDS} s each)`, [
    [
      'POST /auth/login',
      `${api.requests.average.toFixed(1)} req/s (p50 ${api.latency.p50} ms, p99 ${api.latency.p99} ms)`,
    ],
    ['raw argon2id verify', `${raw.toFixed(1)} verifications/s`],
    ['wrong password', `${wrongPassword.toFixed(1)} ms mean`],
    ['unknown email', `${unknownEmail.toFixed(1)} ms mean`],
    ['unknown / wrong latency', `${(unknownEmail / wrongPassword).toFixed(2)}`],
    ['API / raw argon2 throughput', `${(api.requests.average / raw).toFixed(2)}`],
  ]);
} finally {
  await stack.stop();
}
