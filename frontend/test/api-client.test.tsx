import { render, screen } from '@testing-library/react';
import { AxiosError } from 'axios';
import { describe, expect, it, vi } from 'vitest';
import { createApiClient, describeError } from '../src/api/client';
import { createSessionStore, type Session } from '../src/api/session';
import { ErrorState, InlineError } from '../src/components/ui';
import { bearer, fakeAdapter } from './fake-api';

const session: Session = {
  access_token: 'old-access',
  refresh_token: 'refresh-1',
  email: 'admin@example.com',
  user_id: 'u1',
  is_superuser: true,
};

function setup(refreshAnswer: { status: number; data?: unknown }) {
  const sessions = createSessionStore(localStorage);
  sessions.set(session);
  const onSessionExpired = vi.fn();
  const fake = fakeAdapter((config) => {
    if (config.url === '/auth/refresh') return refreshAnswer;
    if (bearer(config) === 'Bearer new-access') return { status: 200, data: { url: config.url } };
    return { status: 401, data: { detail: 'Token expired', code: 'TOKEN_EXPIRED' } };
  });
  const http = createApiClient({ sessions, onSessionExpired, adapter: fake.adapter });
  const refreshCalls = () => fake.calls.filter((c) => c.url === '/auth/refresh');
  return { sessions, onSessionExpired, http, fake, refreshCalls };
}

describe('API client token refresh', () => {
  it('sends the access token of the current session', async () => {
    const { http, fake, sessions } = setup({ status: 500 });
    sessions.set({ ...session, access_token: 'new-access' });
    await http.get('/tables');
    expect(bearer(fake.calls[0]!)).toBe('Bearer new-access');
  });

  it('answers several concurrent 401s with exactly one refresh, then retries each request', async () => {
    const { http, sessions, refreshCalls } = setup({
      status: 200,
      data: { access_token: 'new-access', refresh_token: 'refresh-2', token_type: 'bearer' },
    });
    const urls = ['/tables', '/users/count', '/buckets', '/functions', '/schema'];
    const answers = await Promise.all(urls.map((url) => http.get(url)));

    expect(answers.map((a) => a.data.url)).toEqual(urls);
    expect(refreshCalls()).toHaveLength(1);
    expect(JSON.parse(String(refreshCalls()[0]!.data))).toEqual({ refresh_token: 'refresh-1' });
    expect(sessions.get()).toMatchObject({ access_token: 'new-access', refresh_token: 'refresh-2' });
  });

  it('does not refresh again for a 401 that arrives after another request already refreshed', async () => {
    const { http, refreshCalls } = setup({
      status: 200,
      data: { access_token: 'new-access', refresh_token: 'refresh-2', token_type: 'bearer' },
    });
    await http.get('/first');
    // A request sent with the old token whose 401 comes back late.
    await http.get('/late', { headers: { Authorization: 'Bearer old-access' } });
    expect(refreshCalls()).toHaveLength(1);
  });

  it('ends the session once when the refresh token is refused, and fails every waiting request', async () => {
    const { http, sessions, onSessionExpired, refreshCalls } = setup({
      status: 401,
      data: { detail: 'Invalid refresh token', code: 'TOKEN_INVALID' },
    });
    const results = await Promise.allSettled([http.get('/a'), http.get('/b'), http.get('/c')]);

    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(refreshCalls()).toHaveLength(1);
    expect(sessions.get()).toBeNull();
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem('selfdb.session')).toBeNull();
  });

  it('never refreshes for a failed login', async () => {
    const sessions = createSessionStore(localStorage);
    sessions.set(session);
    const fake = fakeAdapter(() => ({ status: 401, data: { detail: 'nope', code: 'TOKEN_INVALID' } }));
    const http = createApiClient({ sessions, adapter: fake.adapter });
    await expect(http.post('/auth/login', {})).rejects.toBeInstanceOf(AxiosError);
    expect(fake.calls.map((c) => c.url)).toEqual(['/auth/login']);
  });
});

function axiosError(status: number, data: unknown): AxiosError {
  const config = { headers: {} } as never;
  return new AxiosError('failed', 'ERR_BAD_RESPONSE', config, null, {
    status,
    statusText: 'x',
    data,
    headers: {},
    config,
  });
}

describe('error display', () => {
  it("uses the API's detail and code", () => {
    const info = describeError(axiosError(409, { detail: 'Table "todos" already exists', code: 'CONFLICT' }));
    expect(info).toEqual({ message: 'Table "todos" already exists', code: 'CONFLICT', status: 409 });
  });

  it('lists validation problems with their fields', () => {
    const info = describeError(
      axiosError(422, {
        detail: [{ loc: ['body', 'name'], msg: 'Required', type: 'missing' }],
        code: 'VALIDATION_FAILED',
      }),
    );
    expect(info.message).toBe('name: Required');
    expect(info.code).toBe('VALIDATION_FAILED');
  });

  it('says when the API cannot be reached', () => {
    const error = new AxiosError('Network Error', 'ERR_NETWORK', { headers: {} } as never);
    expect(describeError(error).message).toMatch(/Cannot reach the SelfDB API/);
  });

  it('shows the message and code in the error state, with a retry button', () => {
    const onRetry = vi.fn();
    render(
      <ErrorState
        error={axiosError(503, { detail: 'Database unavailable', code: 'DB_UNAVAILABLE' })}
        onRetry={onRetry}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Database unavailable');
    expect(screen.getByRole('alert').textContent).toContain('DB_UNAVAILABLE');
    screen.getByRole('button', { name: /try again/i }).click();
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('shows form errors inline', () => {
    render(<InlineError error={axiosError(400, { detail: 'Unknown type "money"', code: 'INVALID_TYPE' })} />);
    expect(screen.getByRole('alert').textContent).toContain('Unknown type "money"INVALID_TYPE');
  });
});
