import type { FastifyInstance } from 'fastify';
import type { TestUser } from './users.js';

/** Creates a table through the API as `admin`, failing the test if the API refuses. */
export async function createTable(app: FastifyInstance, admin: TestUser, body: object): Promise<void> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/tables',
    headers: admin.headers,
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`creating table failed: ${res.statusCode} ${res.body}`);
}

export async function rowCount(app: FastifyInstance, table: string): Promise<number> {
  const res = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM public."${table}"`);
  return res.rows[0]?.n ?? 0;
}
