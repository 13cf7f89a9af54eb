import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { http } from '../src/api/instance';
import type { FunctionListItem } from '../src/api/types';
import { ToastProvider } from '../src/components/ui';
import { FunctionsPage } from '../src/pages/FunctionsPage';
import { fakeAdapter, type Handler } from './fake-api';

function fn(name: string, fields: Partial<FunctionListItem>): FunctionListItem {
  return {
    id: `id-${name}`,
    name,
    description: null,
    code: 'export default () => 1;',
    is_active: true,
    version_number: 1,
    timeout_ms: null,
    triggers: [{ type: 'http' }],
    run_once: false,
    owner_id: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    last_execution: null,
    ...fields,
  };
}

const list = [
  fn('nightly', {
    description: 'Cleans up old rows',
    is_active: false,
    version_number: 4,
    triggers: [{ type: 'schedule', cron: '0 3 * * *' }],
    last_execution: {
      status: 'error',
      status_code: 500,
      trigger: 'schedule',
      started_at: '2026-01-01T03:00:00.000Z',
      duration_ms: 1530,
    },
  }),
  fn('on-order', {
    triggers: [{ type: 'database', table: 'orders', operations: ['INSERT'] }],
    run_once: true,
  }),
  fn('webhook', {
    triggers: [
      { type: 'http', method: ['POST'] },
      { type: 'event', event: 'user.created' },
    ],
  }),
];

const original = http.defaults.adapter;
afterEach(() => {
  http.defaults.adapter = original;
});

function renderPage(handler: Handler) {
  const fake = fakeAdapter(handler, 1);
  http.defaults.adapter = fake.adapter;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <MemoryRouter>
          <FunctionsPage />
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
  return fake;
}

const rowOf = (name: string) => screen.getByRole('link', { name }).closest('tr') as HTMLElement;
/** The text of each cell of a function's row, as the list shows it. */
const cells = (name: string) => [...rowOf(name).querySelectorAll('td')].map((td) => td.textContent?.trim());

describe('the functions list', () => {
  it('shows each function with its status, triggers, version and last run', async () => {
    renderPage(() => ({ status: 200, data: list }));
    await screen.findByRole('link', { name: 'nightly' });

    // Name and description, status, triggers, version, last run (status, when, trigger · duration).
    const [nightlyLastRun, ...nightly] = cells('nightly').reverse();
    expect(nightly.reverse()).toEqual(['nightlyCleans up old rows', 'inactive', '0 3 * * * (UTC)', 'v4']);
    expect(nightlyLastRun).toMatch(/^error.+schedule · 1\.53 s$/);
    expect(cells('on-order')).toEqual([
      'on-order',
      'active',
      'orders: INSERT once after each deploy',
      'v1',
      'never',
    ]);
    expect(cells('webhook')).toEqual(['webhook', 'active', 'HTTP POST event user.created', 'v1', 'never']);
  });

  it('filters by name or description', async () => {
    renderPage(() => ({ status: 200, data: list }));
    await screen.findByRole('link', { name: 'nightly' });
    await userEvent.type(screen.getByLabelText('Filter functions'), 'old rows');
    expect(screen.getAllByRole('link').map((a) => a.textContent?.trim())).toEqual(['nightly']);
    await userEvent.clear(screen.getByLabelText('Filter functions'));
    await userEvent.type(screen.getByLabelText('Filter functions'), 'nothing like it');
    expect(screen.queryAllByRole('link')).toEqual([]);
    expect(screen.getByRole('heading', { name: 'No function matches' }).textContent).toBe(
      'No function matches',
    );
  });

  it("shows the API's error as it is", async () => {
    renderPage(() => ({
      status: 403,
      data: { detail: 'You do not have permission to do this', code: 'FORBIDDEN' },
    }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You do not have permission to do this');
    expect(alert.textContent).toContain('FORBIDDEN');
  });
});
