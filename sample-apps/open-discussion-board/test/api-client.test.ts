import { describe, expect, it } from 'vitest';
import { ApiError, memoryStore, SelfDbClient, type Session } from '../src/api.ts';

type Call = { url: string; method: string; headers: Record<string, string>; body: unknown };

/** A fake SelfDB: records every request and answers from `handler`. */
function fakeFetch(handler: (call: Call) => { status: number; body?: unknown }) {
  const calls: Call[] = [];
  const fetch = async (url: string, init?: RequestInit) => {
    const call: Call = {
      url,
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const { status, body } = handler(call);
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { calls, fetch };
}

const session: Session = {
  access_token: 'old-access',
  refresh_token: 'old-refresh',
  user_id: 'u1',
  email: 'ada@example.com',
  is_superuser: false,
  display_name: 'Ada',
};

const page = { data: [], metadata: { total_count: 0, page: 1, page_size: 50, total_pages: 0 } };

describe('SelfDbClient', () => {
  it('sends the anon key when nobody is logged in, and a Bearer token (only) after login', async () => {
    const { calls, fetch } = fakeFetch(() => ({ status: 200, body: page }));
    const store = memoryStore();
    const client = new SelfDbClient({ url: 'http://api.test/', anonKey: 'anon-123', fetch, store });

    await client.listRows('topics', { order_by: 'created_at:desc', filter: ['a:eq:1', 'b:eq:2'] });
    expect(calls[0]?.url).toBe(
      'http://api.test/api/v1/tables/topics/data?order_by=created_at%3Adesc&filter=a%3Aeq%3A1&filter=b%3Aeq%3A2',
    );
    expect(calls[0]?.headers).toEqual({ apikey: 'anon-123' });
    expect(client.realtimeToken()).toBe('anon-123');

    store.save(session);
    await client.insertRow('topics', { title: 'hi' });
    expect(calls[1]?.headers).toEqual({
      Authorization: 'Bearer old-access',
      'Content-Type': 'application/json',
    });
    expect(calls[1]?.body).toEqual({ title: 'hi' });
    expect(client.realtimeToken()).toBe('old-access');
    expect(client.realtimeUrl()).toBe('ws://api.test/api/v1/realtime/ws');
  });

  it('on 401 rotates the tokens once with the refresh token and retries', async () => {
    const { calls, fetch } = fakeFetch((call) => {
      if (call.url.endsWith('/auth/refresh')) {
        return {
          status: 200,
          body: { access_token: 'new-access', refresh_token: 'new-refresh', token_type: 'bearer' },
        };
      }
      if (call.headers.Authorization === 'Bearer old-access') {
        return { status: 401, body: { detail: 'Token has expired', code: 'TOKEN_EXPIRED' } };
      }
      return { status: 200, body: page };
    });
    const store = memoryStore(session);
    const client = new SelfDbClient({ url: 'http://api.test', anonKey: 'anon-123', fetch, store });
    const seen: (Session | null)[] = [];
    client.onSessionChange((s) => seen.push(s));

    // Two requests at once share one refresh (the refresh token is single-use).
    await Promise.all([client.listRows('topics'), client.listRows('comments')]);
    const refreshes = calls.filter((c) => c.url.endsWith('/auth/refresh'));
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.body).toEqual({ refresh_token: 'old-refresh' });
    expect(refreshes[0]?.headers.apikey).toBe('anon-123');
    expect(calls.filter((c) => c.headers.Authorization === 'Bearer new-access')).toHaveLength(2);
    expect(store.load()).toMatchObject({
      access_token: 'new-access',
      refresh_token: 'new-refresh',
      user_id: 'u1',
    });
    expect(seen).toHaveLength(1);
  });

  it('drops the session when the refresh token is refused, and never falls back to anon silently', async () => {
    const { calls, fetch } = fakeFetch((call) =>
      call.url.endsWith('/auth/refresh')
        ? { status: 401, body: { detail: 'Invalid token', code: 'TOKEN_INVALID' } }
        : { status: 401, body: { detail: 'Token has expired', code: 'TOKEN_EXPIRED' } },
    );
    const store = memoryStore(session);
    const client = new SelfDbClient({ url: 'http://api.test', anonKey: 'anon-123', fetch, store });

    const error = await client.insertRow('topics', { title: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
    expect(store.load()).toBeNull();
    expect(calls.map((c) => c.url.replace('http://api.test/api/v1', ''))).toEqual([
      '/tables/topics/data',
      '/auth/refresh',
    ]);
  });

  it('reports API errors with their status and code', async () => {
    const { fetch } = fakeFetch(() => ({
      status: 401,
      body: { detail: 'Authentication required', code: 'AUTH_REQUIRED' },
    }));
    const client = new SelfDbClient({ url: 'http://api.test', anonKey: 'anon-123', fetch });
    await expect(client.updateRow('comments', 1, { content: 'x' })).rejects.toMatchObject({
      status: 401,
      code: 'AUTH_REQUIRED',
      message: 'Authentication required',
    });
  });
});
