import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { InternalAxiosRequestConfig } from 'axios';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { http } from '../src/api/instance';
import type { User } from '../src/api/types';
import { AuthProvider } from '../src/auth/AuthContext';
import { ConfirmProvider, ToastProvider } from '../src/components/ui';
import { UsersPage } from '../src/pages/UsersPage';
import { fakeAdapter, type Handler } from './fake-api';

const people: User[] = Array.from({ length: 60 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  email: `person-${String(i + 1).padStart(2, '0')}@example.com`,
  full_name: null,
  is_active: true,
  is_superuser: false,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
}));

/** The list endpoint as the API answers it: a search on the email, then skip and limit. */
const listUsers = (config: InternalAxiosRequestConfig) => {
  const { skip, limit, search = '' } = config.params as { skip: number; limit: number; search?: string };
  const found = people.filter((p) => p.email.includes(search.toLowerCase()));
  return { status: 200, data: found.slice(skip, skip + limit) };
};

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
        <ConfirmProvider>
          <AuthProvider>
            <MemoryRouter>
              <UsersPage />
            </MemoryRouter>
          </AuthProvider>
        </ConfirmProvider>
      </ToastProvider>
    </QueryClientProvider>,
  );
  const listCalls = () => fake.calls.filter((c) => c.url === '/users').map((c) => c.params);
  return { fake, listCalls };
}

const shownEmails = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.dataset.testid?.replace(/^user-/, ''));

describe('Users page', () => {
  it('asks for one user more than a page, and offers a next page only when that one came', async () => {
    const user = userEvent.setup();
    const { listCalls } = renderPage(listUsers);
    await screen.findByText('person-25@example.com');
    expect(shownEmails()).toHaveLength(25);
    expect(screen.getByTestId('users-range').textContent).toBe('Showing 1–25');
    expect(listCalls()[0]).toEqual({ skip: 0, limit: 26 });

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('person-50@example.com');
    expect(screen.getByTestId('users-range').textContent).toBe('Showing 26–50');
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('person-60@example.com');
    expect(shownEmails()).toHaveLength(10);
    expect(screen.getByTestId('users-range').textContent).toBe('Showing 51–60');
    expect(screen.getByRole('button', { name: 'Next page' }).hasAttribute('disabled')).toBe(true);
    expect(listCalls().at(-1)).toEqual({ skip: 50, limit: 26 });
  });

  it('searches from the first page again', async () => {
    const user = userEvent.setup();
    const { listCalls } = renderPage(listUsers);
    await screen.findByText('person-25@example.com');
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('person-50@example.com');
    await user.type(screen.getByLabelText('Search users'), 'person-1');
    await screen.findByText('person-19@example.com');
    expect(shownEmails()).toEqual(people.slice(9, 19).map((p) => p.email));
    expect(screen.getByTestId('users-range').textContent).toBe('10 users');
    expect(listCalls().at(-1)).toEqual({ skip: 0, limit: 26, search: 'person-1' });
  });

  it('shows every kind a deletion passes on before deleting, and deletes nothing on cancel', async () => {
    const user = userEvent.setup();
    const victim = people[0] as User;
    const { fake } = renderPage((config) => {
      if (config.url === '/users') return listUsers(config);
      if (config.url === `/users/${victim.id}/owned`)
        return { status: 200, data: { buckets: 2, files: 1, sql_history: 0, sql_snippets: 3, functions: 0 } };
      return { status: 204 };
    });
    await user.click(await screen.findByRole('button', { name: `Delete ${victim.email}` }));
    const dialog = await screen.findByRole('dialog', { name: `Delete ${victim.email}?` });
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['2 buckets', '1 file', '0 functions', '3 SQL snippets', '0 SQL history entries']);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.calls.some((c) => c.method === 'delete')).toBe(false);

    await user.click(screen.getByRole('button', { name: `Delete ${victim.email}` }));
    await user.click(await screen.findByRole('button', { name: 'Delete user' }));
    await screen.findByText(`${victim.email} deleted; 2 buckets, 1 file, 3 SQL snippets passed to you`);
    expect(fake.calls.filter((c) => c.method === 'delete').map((c) => c.url)).toEqual([
      `/users/${victim.id}`,
    ]);
  });
});
