import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { buildTestApp } from './support/app.js';
import { createTable } from './support/tables.js';
import { anonHeaders, createTestUser } from './support/users.js';
import { type Frame, TestSocket } from './support/ws.js';

const { app, config } = await buildTestApp();
await app.listen({ host: '127.0.0.1', port: 0 });
const admin = await createTestUser(app, { is_superuser: true });
const alice = await createTestUser(app);
const bob = await createTestUser(app);
const anonKey = anonHeaders(app).apikey;
const sockets: TestSocket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.close();
});

async function open(query = ''): Promise<TestSocket> {
  const socket = await TestSocket.open(app, query);
  sockets.push(socket);
  return socket;
}

async function subscribed(token: string, frame: Frame): Promise<TestSocket> {
  const socket = await open();
  socket.send({ type: 'authenticate', token });
  socket.send({ type: 'subscribe', ...frame });
  await socket.next((f) => f.type === 'subscribed');
  return socket;
}

const insert = (table: string, headers: Record<string, string>, body: object) =>
  app.inject({ method: 'POST', url: `/api/v1/tables/${table}/data`, headers, payload: body });

await createTable(app, admin, {
  name: 'messages',
  is_public: true,
  columns: [
    { name: 'id', type: 'serial', primary_key: true },
    { name: 'body', type: 'text' },
    { name: 'room', type: 'integer' },
  ],
});
await createTable(app, admin, {
  name: 'secrets',
  owner_column: 'user_id',
  permissions: { select: 'owner', insert: 'authenticated', update: 'owner', delete: 'owner' },
  columns: [
    { name: 'id', type: 'serial', primary_key: true },
    { name: 'body', type: 'text' },
    { name: 'user_id', type: 'uuid' },
  ],
});

const isChange = (f: Frame) => f.type === 'database_change';

describe('connecting', () => {
  it('authenticates with the anon key or a JWT in the first frame', async () => {
    expect(await (await open()).authenticate(anonKey)).toEqual({
      type: 'connected',
      user_id: null,
      role: 'anon',
    });
    expect(await (await open()).authenticate(alice.token)).toEqual({
      type: 'connected',
      user_id: alice.id,
      role: 'authenticated',
    });
    expect(await (await open()).authenticate(admin.token)).toMatchObject({ role: 'superuser' });
  });

  it('authenticates from the query string', async () => {
    const socket = await open(`?apikey=${anonKey}`);
    expect(await socket.next()).toMatchObject({ type: 'connected', role: 'anon' });
    const byToken = await open(`?token=${alice.token}`);
    expect(await byToken.next()).toMatchObject({ type: 'connected', user_id: alice.id });
  });

  it('a bad token gets an error frame and close 4001', async () => {
    const socket = await open();
    expect(await socket.authenticate('not-the-key')).toEqual({
      type: 'error',
      error: 'Invalid authentication',
      code: 'INVALID_API_KEY',
    });
    expect(await socket.closed()).toBe(4001);
  });

  it('subscribing before authenticating gets close 4001', async () => {
    const socket = await open();
    socket.send({ type: 'subscribe', subscription_id: 'messages_changes' });
    expect(await socket.next()).toMatchObject({ type: 'error', code: 'AUTH_REQUIRED' });
    expect(await socket.closed()).toBe(4001);
  });

  it('ten silent seconds without authentication close the socket with 4001', async () => {
    const socket = await open();
    expect(await socket.closed(12_000)).toBe(4001);
  }, 15_000);

  it('answers ping with pong, and bad frames with error frames without closing', async () => {
    const socket = await open();
    await socket.authenticate(anonKey);
    socket.send({ type: 'ping' });
    expect(await socket.next()).toEqual({ type: 'pong' });
    socket.send('not json');
    expect(await socket.next()).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });
    socket.send({ type: 'dance' });
    expect(await socket.next()).toMatchObject({ type: 'error', code: 'UNKNOWN_MESSAGE_TYPE' });
    socket.send({ type: 'ping' });
    expect(await socket.next()).toEqual({ type: 'pong' });
  });
});

describe('subscriptions', () => {
  it('an anon subscriber to a public table receives inserts (by id)', async () => {
    const socket = await subscribed(anonKey, { subscription_id: 'messages_changes' });
    await insert('messages', anonHeaders(app), { body: 'hello', room: 1 });
    const frame = await socket.next(isChange);
    expect(frame).toMatchObject({
      type: 'database_change',
      subscription_id: 'messages_changes',
      data: { operation: 'INSERT', table: 'messages', data: { body: 'hello', room: 1 }, old_data: null },
    });
    expect(typeof frame.id).toBe('number');
  });

  it('the channel dialect gets payloads with eventType, new, old and commit_timestamp', async () => {
    const socket = await subscribed(anonKey, { channel: 'messages', event: 'UPDATE' });
    const row = (await insert('messages', admin.headers, { body: 'before', room: 2 })).json();
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/tables/messages/data/${row.id}`,
      headers: admin.headers,
      payload: { body: 'after' },
    });
    const frame = await socket.next((f) => f.channel === 'messages');
    expect(frame).toMatchObject({
      channel: 'messages',
      event: 'UPDATE',
      payload: { eventType: 'UPDATE', table: 'messages', new: { body: 'after' }, old: { body: 'before' } },
    });
    expect(Date.parse((frame.payload as { commit_timestamp: string }).commit_timestamp)).not.toBeNaN();
    expect(socket.frames.filter((f) => f.channel === 'messages')).toEqual([]);
  });

  it('an anon caller cannot subscribe to an owner-only table; a user sees only their own rows', async () => {
    const anon = await open();
    await anon.authenticate(anonKey);
    anon.send({ type: 'subscribe', subscription_id: 'secrets_changes' });
    expect(await anon.next()).toMatchObject({ type: 'error', code: 'TABLE_NOT_FOUND' });

    const aliceSocket = await subscribed(alice.token, { subscription_id: 'secrets_changes' });
    await insert('secrets', bob.headers, { body: 'bob only' });
    await insert('secrets', alice.headers, { body: 'alice only' });
    const frame = await aliceSocket.next(isChange);
    expect(frame).toMatchObject({ data: { data: { body: 'alice only', user_id: alice.id } } });
    await insert('messages', anonHeaders(app), { body: 'sync marker' });
    await new Promise((r) => setTimeout(r, 300));
    expect(aliceSocket.frames.filter(isChange)).toEqual([]);
  });

  it('filters and event lists narrow what arrives; unsubscribe stops it', async () => {
    const socket = await subscribed(anonKey, {
      subscription_id: 'room-7',
      data: { table: 'messages', events: ['INSERT'], filter: 'room:eq:7' },
    });
    await insert('messages', anonHeaders(app), { body: 'room 3', room: 3 });
    await insert('messages', anonHeaders(app), { body: 'room 7', room: 7 });
    expect(await socket.next(isChange)).toMatchObject({
      subscription_id: 'room-7',
      data: { data: { room: 7 } },
    });
    socket.send({ type: 'unsubscribe', subscription_id: 'room-7' });
    expect(await socket.next((f) => f.type === 'unsubscribed')).toEqual({
      type: 'unsubscribed',
      subscription_id: 'room-7',
    });
    await insert('messages', anonHeaders(app), { body: 'room 7 again', room: 7 });
    await new Promise((r) => setTimeout(r, 300));
    expect(socket.frames.filter(isChange)).toEqual([]);
  });

  it('a client that missed 100 changes gets them all, in order, by resubscribing with since', async () => {
    const first = await subscribed(anonKey, { subscription_id: 'messages_changes' });
    await insert('messages', anonHeaders(app), { body: 'seen', room: 100 });
    const seen = await first.next(isChange);
    first.close();
    await insert(
      'messages',
      anonHeaders(app),
      Array.from({ length: 100 }, (_, i) => ({ body: `missed ${i}`, room: 100 })),
    );
    const again = await subscribed(anonKey, { subscription_id: 'messages_changes', since: seen.id });
    const frames = await again.take(100, isChange);
    expect(frames.map((f) => (f.data as { data: { body: string } }).data.body)).toEqual(
      Array.from({ length: 100 }, (_, i) => `missed ${i}`),
    );
    const ids = frames.map((f) => f.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('delivers a 1 MB row intact', async () => {
    const socket = await subscribed(anonKey, { subscription_id: 'messages_changes' });
    const big = 'x'.repeat(1024 * 1024);
    await app.db.query('INSERT INTO public.messages (body, room) VALUES ($1, 5)', [big]);
    const frame = await socket.next(isChange);
    expect((frame.data as { data: { body: string } }).data.body).toBe(big);
  });

  it('loses nothing when the LISTEN connection is killed', async () => {
    const socket = await subscribed(anonKey, { subscription_id: 'messages_changes' });
    await app.db.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    );
    for (let i = 0; i < 5; i++)
      await insert('messages', anonHeaders(app), { body: `during outage ${i}`, room: 9 });
    const frames = await socket.take(5, isChange, 15_000);
    expect(frames.map((f) => (f.data as { data: { body: string } }).data.body)).toEqual(
      Array.from({ length: 5 }, (_, i) => `during outage ${i}`),
    );
  });

  it('a table created in SQL is captured without a restart', async () => {
    await app.db.query('CREATE TABLE public.made_in_sql (id int primary key, note text)');
    // The backend learns of the new table from the DDL notification a moment later.
    await expect
      .poll(async () => {
        const res = await app.inject({
          method: 'PUT',
          url: '/api/v1/tables/made_in_sql',
          headers: admin.headers,
          payload: { is_public: true },
        });
        return res.statusCode;
      })
      .toBe(200);
    const socket = await subscribed(anonKey, { subscription_id: 'made_in_sql_changes' });
    await app.db.query("INSERT INTO public.made_in_sql VALUES (1, 'captured')");
    expect(await socket.next(isChange)).toMatchObject({
      data: { table: 'made_in_sql', data: { note: 'captured' } },
    });
  });

  it('superusers get SelfDB channels without secrets; others are refused', async () => {
    const socket = await subscribed(admin.token, { subscription_id: 'users_changes' });
    const created = await createTestUser(app);
    const frame = await socket.next(isChange);
    expect(frame).toMatchObject({ data: { operation: 'INSERT', table: 'users', data: { id: created.id } } });
    expect((frame.data as { data: object }).data).not.toHaveProperty('password_hash');
    for (const id of ['users_changes', 'tables_changes']) {
      const user = await open();
      await user.authenticate(alice.token);
      user.send({ type: 'subscribe', subscription_id: id });
      expect(await user.next()).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
    }
  });

  it('tables_changes gives a superuser every user table', async () => {
    const socket = await subscribed(admin.token, { subscription_id: 'tables_changes' });
    await insert('secrets', alice.headers, { body: 'any table' });
    expect(await socket.next(isChange)).toMatchObject({ data: { table: 'secrets' } });
  });
});

describe("a socket follows its user's row", () => {
  const setUser = (id: string, change: object) =>
    app.inject({ method: 'PUT', url: `/api/v1/users/${id}`, headers: admin.headers, payload: change });

  it('a user deactivated through the API is disconnected with 4001 USER_INACTIVE', async () => {
    const carol = await createTestUser(app);
    const socket = await subscribed(carol.token, { channel: 'messages' });
    expect((await setUser(carol.id, { is_active: false })).statusCode).toBe(200);
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'USER_INACTIVE' });
    expect(await socket.closed()).toBe(4001);
    // Reconnecting with the same token is refused too.
    const again = await open();
    expect(await again.authenticate(carol.token)).toMatchObject({ type: 'error', code: 'USER_INACTIVE' });
  });

  it('a deleted user is disconnected with 4001 TOKEN_INVALID', async () => {
    const dave = await createTestUser(app);
    const socket = await subscribed(dave.token, { channel: 'messages' });
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${dave.id}`,
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(204);
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'TOKEN_INVALID' });
    expect(await socket.closed()).toBe(4001);
  });

  it('a demoted superuser loses the superuser channels at once and keeps the rest', async () => {
    const erin = await createTestUser(app, { is_superuser: true });
    const socket = await subscribed(erin.token, { subscription_id: 'users_changes' });
    // Her own row's insert reaches the feed after she subscribed: the channel works while she may.
    // (Changes of earlier tests may come first; they are dropped.)
    await socket.next((f) => isChange(f) && (f.data as { data: { id: string } }).data.id === erin.id);
    socket.frames.splice(0);
    socket.send({ type: 'subscribe', channel: 'messages' });
    await socket.next((f) => f.type === 'subscribed' && f.channel === 'messages');
    expect((await setUser(erin.id, { is_superuser: false })).statusCode).toBe(200);
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await socket.next((f) => f.type === 'unsubscribed')).toMatchObject({
      subscription_id: 'users_changes',
    });
    await createTestUser(app);
    await insert('messages', anonHeaders(app), { body: 'after the demotion' });
    expect(await socket.next((f) => f.channel === 'messages')).toMatchObject({
      payload: { new: { body: 'after the demotion' } },
    });
    // Neither her demotion nor the new user's row went to her: users_changes ended with the demotion.
    expect(socket.frames.filter(isChange)).toEqual([]);
    expect(socket.closeCode).toBeUndefined();
    // As a user now, the superuser channels are refused on this socket.
    socket.send({ type: 'subscribe', subscription_id: 'users_changes' });
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("a promoted user may subscribe to the superuser channels without reconnecting; others' changes leave sockets alone", async () => {
    const frank = await createTestUser(app);
    const bystander = await subscribed(alice.token, { channel: 'messages' });
    const socket = await open();
    expect(await socket.authenticate(frank.token)).toMatchObject({
      type: 'connected',
      role: 'authenticated',
    });
    expect((await setUser(frank.id, { is_superuser: true, full_name: 'Frank' })).statusCode).toBe(200);
    // The change reaches the socket through the change feed: subscribing may race it, so retry.
    await expect
      .poll(async () => {
        socket.send({ type: 'subscribe', subscription_id: 'users_changes' });
        return (await socket.next((f) => f.type === 'subscribed' || f.type === 'error')).type;
      })
      .toBe('subscribed');
    await setUser(bob.id, { full_name: 'Bob' });
    expect(await socket.next(isChange)).toMatchObject({ data: { table: 'users', data: { id: bob.id } } });
    expect(bystander.closeCode).toBeUndefined();
  });
});

describe('bad subscriptions', () => {
  it.each([
    [{ subscription_id: 'users', data: { table: 'users' } }, 'TABLE_NOT_FOUND'],
    [{ subscription_id: 'migrations_changes' }, 'TABLE_NOT_FOUND'],
    [{ subscription_id: 'nope_changes' }, 'TABLE_NOT_FOUND'],
    [{ channel: 'messages', filter: 'room:near:3' }, 'INVALID_FILTER'],
    [{ channel: 'messages', filter: 'colour:eq:red' }, 'INVALID_FILTER'],
    [{ channel: 'messages', filter: 'room' }, 'INVALID_FILTER'],
    [{ channel: 'messages', event: 'TRUNCATE' }, 'INVALID_MESSAGE'],
    [{ data: { table: 'messages' } }, 'INVALID_MESSAGE'],
  ])('%j → %s', async (frame, code) => {
    const socket = await open();
    await socket.authenticate(anonKey);
    socket.send({ type: 'subscribe', ...frame });
    expect(await socket.next()).toMatchObject({ type: 'error', code });
  });

  it('limits subscriptions per socket', async () => {
    const socket = await open();
    await socket.authenticate(anonKey);
    for (let i = 0; i < 10_000; i++)
      socket.send({ type: 'subscribe', subscription_id: `s${i}`, data: { table: 'messages' } });
    const subscribedFrames = await socket.take(
      config.realtime.maxSubscriptions,
      (f) => f.type === 'subscribed',
    );
    expect(subscribedFrames).toHaveLength(config.realtime.maxSubscriptions);
    expect(await socket.next((f) => f.type === 'error', 20_000)).toMatchObject({
      code: 'TOO_MANY_SUBSCRIPTIONS',
    });
  }, 30_000);

  it('closes the socket on a 5 MB frame', async () => {
    const socket = await open();
    await socket.authenticate(anonKey);
    socket.send({ type: 'ping', padding: 'x'.repeat(5 * 1024 * 1024) });
    expect(await socket.closed()).toBe(1009);
  });
});

describe('several backends', () => {
  it('each delivers every change to its own subscribers', async () => {
    const second = await buildApp(config);
    await second.listen({ host: '127.0.0.1', port: 0 });
    try {
      const a = await subscribed(anonKey, { subscription_id: 'messages_changes' });
      const b = await TestSocket.open(second);
      sockets.push(b);
      b.send({ type: 'authenticate', token: anonKey });
      b.send({ type: 'subscribe', subscription_id: 'messages_changes' });
      await b.next((f) => f.type === 'subscribed');
      for (let i = 0; i < 20; i++)
        await insert('messages', anonHeaders(app), { body: `both ${i}`, room: 20 });
      const expected = Array.from({ length: 20 }, (_, i) => `both ${i}`);
      for (const socket of [a, b]) {
        const frames = await socket.take(20, isChange);
        expect(frames.map((f) => (f.data as { data: { body: string } }).data.body)).toEqual(expected);
      }
    } finally {
      await second.close();
    }
  });
});

describe('slow consumers', () => {
  it('a client that stops reading is closed with 4008 instead of growing memory', async () => {
    const { app: small } = await buildTestApp({ env: { REALTIME_MAX_BUFFER_BYTES: '65536' } });
    await small.listen({ host: '127.0.0.1', port: 0 });
    const smallAdmin = await createTestUser(small, { is_superuser: true });
    await createTable(small, smallAdmin, {
      name: 'firehose',
      is_public: true,
      columns: [
        { name: 'id', type: 'serial', primary_key: true },
        { name: 'blob', type: 'text' },
      ],
    });
    const socket = await TestSocket.open(small);
    sockets.push(socket);
    socket.send({ type: 'authenticate', token: small.config.auth.anonKey });
    socket.send({ type: 'subscribe', subscription_id: 'firehose_changes' });
    await socket.next((f) => f.type === 'subscribed');
    const tcp = (socket.ws as unknown as { _socket: import('node:net').Socket })._socket;
    tcp.pause();
    for (let i = 0; i < 40; i++) {
      await small.db.query('INSERT INTO public.firehose (blob) VALUES ($1)', ['y'.repeat(256 * 1024)]);
    }
    await new Promise((r) => setTimeout(r, 1500));
    tcp.resume();
    expect(await socket.closed()).toBe(4008);
  }, 30_000);
});

describe('the change log', () => {
  it('is pruned by count and by age', async () => {
    const { app: pruned } = await buildTestApp({
      env: { REALTIME_RETENTION_MAX_EVENTS: '10', REALTIME_RETENTION_SECONDS: '3600' },
    });
    await pruned.ready();
    await pruned.db.query('CREATE TABLE public.churn (id serial primary key, n int)');
    await pruned.db.query('INSERT INTO public.churn (n) SELECT g FROM generate_series(1, 25) g');
    await pruned.db.query('SELECT selfdb.sequence_changes()');
    const count = async () =>
      (
        await pruned.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM selfdb.changes WHERE table_name = 'churn'",
        )
      ).rows[0]?.n;
    expect(await count()).toBe(25);
    expect(await pruned.changeFeed.prune()).toBe(15);
    const kept = await pruned.db.query("SELECT new_row->>'n' AS n FROM selfdb.changes ORDER BY id");
    expect(kept.rows.map((r) => Number(r.n))).toEqual(Array.from({ length: 10 }, (_, i) => 16 + i));
    await pruned.db.query("UPDATE selfdb.changes SET committed_at = now() - interval '2 hours'");
    expect(await pruned.changeFeed.prune()).toBe(10);
    expect(await count()).toBe(0);
  });
});

describe('storage channels', () => {
  it('a superuser sees bucket changes on buckets_changes', async () => {
    const socket = await subscribed(admin.token, { subscription_id: 'buckets_changes' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/buckets',
      headers: admin.headers,
      payload: { name: 'live-bucket', is_public: true },
    });
    expect(res.statusCode).toBe(201);
    expect(await socket.next(isChange)).toMatchObject({
      data: { operation: 'INSERT', table: 'buckets', data: { name: 'live-bucket' } },
    });
  });
});
