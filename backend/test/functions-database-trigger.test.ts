import { describe, expect, it } from 'vitest';
import { eventually, startFunctionsStack } from './support/functions.js';
import { createTable } from './support/tables.js';

/** Database triggers fed by the realtime change capture, end to end, with two runtimes up. */
const stack = await startFunctionsStack({ runtimes: 2 });
const { app, superuser } = stack;

async function logsOf(id: string): Promise<string[]> {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/functions/${id}/logs`,
    headers: superuser.headers,
  });
  return res.json().map((l: { message: string }) => l.message);
}

describe('database triggers', () => {
  it('fire once per committed change whose operation matches, however the row was written', async () => {
    await createTable(app, superuser, {
      name: 'orders',
      is_public: true,
      columns: [
        { name: 'id', type: 'serial', primary_key: true },
        { name: 'item', type: 'text' },
      ],
    });
    const fn = await stack.deploy(
      'on-order',
      `export const triggers = [{ type: 'database', table: 'orders', operations: ['INSERT', 'DELETE'] }];
       export default (_req: Request, ctx: any) => {
         console.log(ctx.trigger.operation, ctx.trigger.table, (ctx.trigger.data ?? ctx.trigger.old_data).item);
       };`,
    );
    const insert = await app.inject({
      method: 'POST',
      url: '/api/v1/tables/orders/data',
      headers: { apikey: app.config.auth.anonKey },
      payload: { item: 'through the API' },
    });
    expect(insert.statusCode).toBe(201);
    await app.db.query("INSERT INTO public.orders (item) VALUES ('in SQL')");
    await app.db.query("UPDATE public.orders SET item = 'updated' WHERE item = 'in SQL'");
    await app.db.query("DELETE FROM public.orders WHERE item = 'updated'");
    await app.db
      .withTransaction(async (client) => {
        await client.query("INSERT INTO public.orders (item) VALUES ('rolled back')");
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await eventually(async () => {
      expect(await logsOf(fn.id)).toHaveLength(3);
    }, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    const logs = await logsOf(fn.id);
    expect([...logs].sort()).toEqual(
      ['INSERT orders through the API', 'INSERT orders in SQL', 'DELETE orders updated'].sort(),
    );
  }, 30_000);
});
