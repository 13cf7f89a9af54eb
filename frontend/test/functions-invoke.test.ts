import { AxiosError, type AxiosResponse } from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { functions } from '../src/api/endpoints';
import { http } from '../src/api/instance';
import { fakeAdapter } from './fake-api';

/** The test panel's call: every answer of the function is a result to show, whatever its status. */
const original = http.defaults.adapter;
afterEach(() => {
  http.defaults.adapter = original;
});

describe('functions.invoke', () => {
  it('sends the method, path, headers and body to /functions/invoke/{name}', async () => {
    const fake = fakeAdapter(() => ({ status: 200, data: '{"ok":true}' }));
    http.defaults.adapter = fake.adapter;
    const result = await functions.invoke('greet', {
      method: 'POST',
      path: '/sub?x=1',
      headers: { 'Content-Type': 'application/json', 'X-Extra': 'yes' },
      body: '{"name":"Ada"}',
    });
    const sent = fake.calls[0];
    expect(sent?.method).toBe('post');
    expect(sent?.url).toBe('/functions/invoke/greet/sub?x=1');
    expect(sent?.headers.get('X-Extra')).toBe('yes');
    expect(sent?.data).toBe('{"name":"Ada"}');
    expect(result).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(result.durationMs).toEqual(expect.any(Number));
  });

  it("returns the function's error answers instead of throwing", async () => {
    http.defaults.adapter = fakeAdapter(() => ({
      status: 404,
      data: '{"detail":"Function not found","code":"FUNCTION_NOT_FOUND"}',
    })).adapter;
    const result = await functions.invoke('gone', { method: 'GET', path: '', headers: {} });
    expect(result.status).toBe(404);
    expect(JSON.parse(result.body)).toEqual({ detail: 'Function not found', code: 'FUNCTION_NOT_FOUND' });
  });

  it('throws when no answer came back at all', async () => {
    http.defaults.adapter = async (config) => {
      throw new AxiosError(
        'Network Error',
        'ERR_NETWORK',
        config,
        null,
        undefined as unknown as AxiosResponse,
      );
    };
    await expect(functions.invoke('greet', { method: 'GET', path: '', headers: {} })).rejects.toThrow(
      'Network Error',
    );
  });
});
