import autocannon from 'autocannon';
import pg from 'pg';
import { signAccessToken } from '../backend/src/auth/access-token.js';
import { connectionOptions } from '../backend/src/db/pool.js';
import { startLocalStack } from '../backend/src/local/stack.js';
import { createUser } from '../backend/src/services/users.js';
import { describeRate, type Measured, measure, report } from './support/report.js';

/**
 * Row endpoints against the raw pg driver running the same SQL, with the same pool size and the
 * same concurrency, in one run; and JWT-authenticated reads against anon-key reads.
 */
const CONCURRENCY = 16;
const SECONDS = 8;
const ROWS = 10_000;

const stack = await startLocalStack({ name: 'bench' });
const raw = new pg.Pool({ ...connectionOptions(stack.config.db), max: stack.config.db.poolMax });
try {
  await stack.app.db.query(
    `CREATE TABLE public.bench_items (id serial PRIMARY KEY, name text NOT NULL, category int NOT NULL, price numeric(8,2))`,
  );
  await stack.app.db.query(
    `INSERT INTO public.bench_items (name, category, price)
     SELECT 'item ' || g, g % 50, (g % 1000) / 10.0 FROM generate_series(1, ${ROWS}) g`,
  );
  await stack.app.db.query('CREATE INDEX ON public.bench_items (category)');
  await stack.app.db.query(
    `INSERT INTO selfdb.table_policies (table_oid, table_name, select_rule, insert_rule, update_rule, delete_rule)
     VALUES ('public.bench_items'::regclass, 'bench_items', 'anon', 'anon', 'superuser', 'superuser')`,
  );
  stack.app.tableCatalog.invalidate();
  const user = await createUser(stack.app.db, { email: 'reader@bench.test', password: 'bench-password-1' });
  const jwt = signAccessToken(stack.app, {
    sub: user.id,
    email: user.email,
    is_superuser: false,
    sid: user.id,
  });
  const anonHeaders = { apikey: stack.config.auth.anonKey, 'content-type': 'application/json' };
  const jwtHeaders = { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' };

  async function api(
    path: string,
    headers: Record<string, string>,
    method: 'GET' | 'POST' = 'GET',
    body?: string,
  ) {
    const result = await autocannon({
      url: `${stack.url}${path}`,
      method,
      headers,
      body,
      connections: CONCURRENCY,
      duration: SECONDS,
    });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return {
      perSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
    } satisfies Measured;
  }
  const direct = (sql: string, values: () => unknown[]) =>
    measure(() => raw.query(sql, values()), CONCURRENCY, SECONDS);
  const randomId = () => 1 + Math.floor(Math.random() * ROWS);

  const pkApi = await api('/api/v1/tables/bench_items/data/4242', anonHeaders);
  const pkRaw = await direct('SELECT * FROM public.bench_items WHERE id = $1::integer', () => [4242]);
  const listApi = await api(
    '/api/v1/tables/bench_items/data?filter=category:eq:7&page_size=20&order_by=id&count=none',
    anonHeaders,
  );
  const listRaw = await direct(
    'SELECT id, name, category, price FROM public.bench_items WHERE category = $1::integer ORDER BY id LIMIT $2 OFFSET $3',
    () => [7, 20, 0],
  );
  const insertApi = await api(
    '/api/v1/tables/bench_items/data',
    anonHeaders,
    'POST',
    JSON.stringify({ name: 'new', category: 1 }),
  );
  const insertRaw = await direct(
    'INSERT INTO public.bench_items (name, category) VALUES ($1::text, $2::integer) RETURNING *',
    () => ['new', 1],
  );
  const jwtRead = await api(`/api/v1/tables/bench_items/data/${randomId()}`, jwtHeaders);
  const anonRead = await api(`/api/v1/tables/bench_items/data/${randomId()}`, anonHeaders);

  report(
    `rows (${CONCURRENCY} concurrent, ${SECONDS} s each, pool ${stack.config.db.poolMax}, ${ROWS} rows)`,
    [
      ['read by primary key: API', describeRate(pkApi)],
      ['read by primary key: raw pg', describeRate(pkRaw, 'queries/s')],
      ['20-row filtered list: API', describeRate(listApi)],
      ['20-row filtered list: raw pg', describeRate(listRaw, 'queries/s')],
      ['single-row insert: API', describeRate(insertApi)],
      ['single-row insert: raw pg', describeRate(insertRaw, 'queries/s')],
      ['read with a user JWT', describeRate(jwtRead)],
      ['read with the anon key', describeRate(anonRead)],
      ['ratio API / raw: read by key', (pkApi.perSecond / pkRaw.perSecond).toFixed(2)],
      ['ratio API / raw: filtered list', (listApi.perSecond / listRaw.perSecond).toFixed(2)],
      ['ratio API / raw: insert', (insertApi.perSecond / insertRaw.perSecond).toFixed(2)],
      ['ratio JWT / anon reads', (jwtRead.perSecond / anonRead.perSecond).toFixed(2)],
    ],
  );
} finally {
  await raw.end();
  await stack.stop();
}
