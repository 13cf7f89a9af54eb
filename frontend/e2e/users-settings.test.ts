import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, openDashboard } from './support/session';

/*
 * The Users and Settings pages in Chromium against the native stack. Every change made in the
 * browser is checked through the API, most of them by logging in as the user concerned.
 */

let d: Dashboard;
let adminId: string;

type Login = { status: number; body: { email?: string; code?: string; access_token?: string } };

async function login(email: string, password: string): Promise<Login> {
  const res = await fetch(`${d.stack.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { apikey: d.stack.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: await res.json() };
}

type ApiUser = { id: string; email: string; is_active: boolean; is_superuser: boolean };

const findUser = async (email: string) =>
  (await d.api<ApiUser[]>('GET', `/users?search=${encodeURIComponent(email)}`)).find(
    (u) => u.email === email,
  );

const row = (email: string) => d.page.getByTestId(`user-${email}`);
const dialog = () => d.page.getByRole('dialog');

beforeAll(async () => {
  d = await openDashboard();
  adminId = (await d.api<ApiUser>('GET', '/users/me')).id;
  await d.signIn(d.stack.admin.email, d.stack.admin.password);
  await d.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
});

afterAll(async () => {
  await d?.close();
});

describe('the Users page', () => {
  it('is in the sidebar without a "soon" badge, and lists the admin as "you"', async () => {
    expect(await d.nav('Users').textContent()).toBe('Users');
    await d.nav('Users').click();
    await row(d.stack.admin.email).getByText('you', { exact: true }).waitFor();
    expect(await d.page.getByText('arrives with the next dashboard release').count()).toBe(0);
    expect(
      await d.page.getByRole('button', { name: 'You cannot delete your own account' }).isDisabled(),
    ).toBe(true);
    await d.shot('users-01-list');
  });

  it('shows the last-superuser refusal as the API words it, and changes nothing', async () => {
    await d.page.getByRole('button', { name: `Deactivate ${d.stack.admin.email}` }).click();
    await dialog().getByText('your own account').waitFor();
    await dialog().getByRole('button', { name: 'Deactivate' }).click();
    const alert = d.page.locator('.users-alert').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'The last active superuser cannot be demoted, deactivated or deleted',
    );
    expect(await alert.textContent()).toContain('LAST_SUPERUSER');
    await d.shot('users-02-last-superuser');
    expect(await findUser(d.stack.admin.email)).toMatchObject({ is_active: true, is_superuser: true });
    await d.page.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('creates a user who can then log in through the API', async () => {
    await d.page.getByRole('button', { name: 'New user' }).click();
    await dialog().getByLabel('Email').fill('alice@e2e.test');
    await dialog().getByLabel('Full name').fill('Alice Liddell');
    await dialog().getByLabel('Password', { exact: true }).fill('alice-first-pw');
    await d.shot('users-03-create');
    await dialog().getByRole('button', { name: 'Create user' }).click();
    await row('alice@e2e.test').getByText('Alice Liddell').waitFor();
    await d.page.getByText('alice@e2e.test created').waitFor();

    const answer = await login('alice@e2e.test', 'alice-first-pw');
    expect(answer.status).toBe(200);
    expect(answer.body.email).toBe('alice@e2e.test');
    expect(await findUser('alice@e2e.test')).toMatchObject({ is_superuser: false, is_active: true });
  });

  it('creates a superuser with a generated password, and shows the API’s refusal of a bad one', async () => {
    await d.page.getByRole('button', { name: 'New user' }).click();
    await dialog().getByLabel('Email').fill('ops@e2e.test');
    await dialog().getByLabel('Password', { exact: true }).fill('short');
    await dialog()
      .getByRole('checkbox', { name: /Superuser/ })
      .check();
    await dialog().getByRole('button', { name: 'Create user' }).click();
    await dialog().getByText('password: must be at least 8 characters').waitFor();
    await dialog().getByRole('button', { name: 'Generate' }).click();
    const generated = await dialog().getByLabel('Password', { exact: true }).inputValue();
    expect(generated).toHaveLength(16);
    // Generating shows the password, so that it can be handed on.
    expect(await dialog().getByLabel('Password', { exact: true }).getAttribute('type')).toBe('text');
    await dialog().getByRole('button', { name: 'Create user' }).click();
    await row('ops@e2e.test').getByText('superuser', { exact: true }).waitFor();

    const answer = await login('ops@e2e.test', generated);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ email: 'ops@e2e.test', is_superuser: true });
  });

  it('searches by email', async () => {
    await d.page.getByLabel('Search users').fill('ALI');
    await row('ops@e2e.test').waitFor({ state: 'detached' });
    expect(await d.page.locator('.users-table tbody tr').count()).toBe(1);
    await row('alice@e2e.test').waitFor();
    await d.shot('users-04-search');
    await d.page.getByLabel('Search users').fill('nobody-has-this');
    await d.page.getByText('No user matches').waitFor();
    await d.page.getByLabel('Search users').fill('');
    await row('ops@e2e.test').waitFor();
  });

  it('deactivates a user (login then answers 403 USER_INACTIVE) and activates them again', async () => {
    await d.page.getByRole('button', { name: 'Deactivate alice@e2e.test' }).click();
    await dialog().getByText('can no longer sign in').waitFor();
    await d.shot('users-05-deactivate-confirm');
    await dialog().getByRole('button', { name: 'Deactivate' }).click();
    await row('alice@e2e.test').getByText('inactive', { exact: true }).waitFor();
    const refused = await login('alice@e2e.test', 'alice-first-pw');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('USER_INACTIVE');
    await d.shot('users-06-inactive');

    await d.page.getByRole('button', { name: 'Activate alice@e2e.test' }).click();
    await row('alice@e2e.test').getByText('active', { exact: true }).waitFor();
    expect((await login('alice@e2e.test', 'alice-first-pw')).status).toBe(200);
  });

  it('resets a password: the old one is refused, the new one accepted', async () => {
    await d.page.getByRole('button', { name: 'Reset password of alice@e2e.test' }).click();
    await dialog().getByLabel('New password', { exact: true }).fill('alice-second-pw');
    await d.shot('users-07-reset-password');
    await dialog().getByRole('button', { name: 'Reset password' }).click();
    await d.page.getByText('Password of alice@e2e.test reset').waitFor();

    const old = await login('alice@e2e.test', 'alice-first-pw');
    expect(old.status).toBe(400);
    expect(old.body.code).toBe('INVALID_CREDENTIALS');
    const fresh = await login('alice@e2e.test', 'alice-second-pw');
    expect(fresh.status).toBe(200);
    expect(fresh.body.email).toBe('alice@e2e.test');
  });

  it('edits a user’s name and role', async () => {
    await d.page.getByRole('button', { name: 'Edit ops@e2e.test' }).click();
    await dialog().getByLabel('Full name').fill('Operations');
    await dialog()
      .getByRole('checkbox', { name: /Superuser/ })
      .uncheck();
    await dialog().getByRole('button', { name: 'Save changes' }).click();
    await row('ops@e2e.test').getByText('Operations').waitFor();
    expect(await findUser('ops@e2e.test')).toMatchObject({ is_superuser: false });
  });

  it('deletes a user after showing what passes on, which then belongs to the admin', async () => {
    const alice = await login('alice@e2e.test', 'alice-second-pw');
    const bucket = await d.api<{ id: string; owner_id: string }>(
      'POST',
      '/buckets',
      { name: 'alice-photos' },
      alice.body.access_token,
    );
    expect(bucket.owner_id).not.toBe(adminId);

    await d.page.getByRole('button', { name: 'Delete alice@e2e.test' }).click();
    const owned = dialog().getByTestId('owned-list');
    await owned.waitFor();
    expect(await owned.locator('li').allTextContents()).toEqual([
      '1 bucket',
      '0 files',
      '0 functions',
      '0 SQL snippets',
      '0 SQL history entries',
    ]);
    await dialog().getByText(`New owner: ${d.stack.admin.email}`).waitFor();
    await d.shot('users-08-delete-confirm');
    await dialog().getByRole('button', { name: 'Delete user' }).click();
    await d.page.getByText('alice@e2e.test deleted; 1 bucket passed to you').waitFor();
    await row('alice@e2e.test').waitFor({ state: 'detached' });

    expect(await findUser('alice@e2e.test')).toBeUndefined();
    const after = await d.api<{ owner_id: string }>('GET', `/buckets/${bucket.id}`);
    expect(after.owner_id).toBe(adminId);
  });

  it('pages through users, a next page only when there is one', async () => {
    for (let n = 1; n <= 30; n++) {
      await d.api('POST', '/users', {
        email: `page-${String(n).padStart(2, '0')}@e2e.test`,
        password: 'paging-pw-1',
      });
    }
    // admin, ops and the 30 new users: one full page of 25, then 7.
    await d.page.reload();
    await row('page-23@e2e.test').waitFor();
    expect(await d.page.locator('.users-table tbody tr').count()).toBe(25);
    expect(await d.page.getByTestId('users-range').textContent()).toBe('Showing 1–25');
    expect(await d.page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    await d.page.getByRole('button', { name: 'Next page' }).click();
    await row('page-30@e2e.test').waitFor();
    expect(await d.page.locator('.users-table tbody tr').count()).toBe(7);
    expect(await d.page.getByTestId('users-range').textContent()).toBe('Showing 26–32');
    expect(await d.page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await d.shot('users-09-second-page');
    await d.page.getByLabel('Users per page').selectOption('50');
    await row('page-01@e2e.test').waitFor();
    expect(await d.page.getByTestId('users-range').textContent()).toBe('32 users');
  });
});

describe('the Settings page', () => {
  it('is in the sidebar without a "soon" badge and shows the API version', async () => {
    expect(await d.nav('Settings').textContent()).toBe('Settings');
    await d.nav('Settings').click();
    const pkg = JSON.parse(await readFile(new URL('../../backend/package.json', import.meta.url), 'utf8'));
    await d.page.getByTestId('version').getByText(`v${pkg.version}`).waitFor();
    await d.shot('settings-01');
  });

  it('links to the API documentation, which the dashboard serves', async () => {
    const docs = d.page.locator('.setting', { hasText: 'Documentation' }).getByRole('link', {
      name: 'API documentation',
    });
    const href = await docs.getAttribute('href');
    expect(href).toBe('/docs');
    expect(await docs.getAttribute('target')).toBe('_blank');
    const res = await fetch(`${d.stack.dashboardUrl}${href}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });

  it('hides the anon key until shown, then shows the stack’s key, and copies it', async () => {
    const key = d.page.getByTestId('anon-key');
    await d.page.getByRole('button', { name: 'Show', exact: true }).waitFor();
    expect(await key.textContent()).not.toContain(d.stack.anonKey);
    expect(await key.textContent()).toMatch(/^•+$/);
    await d.page.getByRole('button', { name: 'Show', exact: true }).click();
    await key.getByText(d.stack.anonKey, { exact: true }).waitFor();
    await d.shot('settings-02-anon-key');

    await d.page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: d.stack.dashboardUrl });
    await d.page.getByRole('button', { name: 'Hide', exact: true }).click();
    await d.page
      .locator('.setting', { hasText: 'Anon key' })
      .getByRole('button', { name: 'Copy', exact: true })
      .click();
    await d.page.getByText('Anon key copied to the clipboard').waitFor();
    expect(await d.page.evaluate(() => navigator.clipboard.readText())).toBe(d.stack.anonKey);
    expect(await key.textContent()).toMatch(/^•+$/);
  });

  it('changes the password: a wrong current one is refused as the API says, then the new one works', async () => {
    const form = d.page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password', { exact: true }).fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill('admin-new-password');
    await form.getByLabel('Repeat the new password', { exact: true }).fill('admin-new-passwrod');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('The new passwords do not match.').waitFor();

    await form.getByLabel('Repeat the new password', { exact: true }).fill('admin-new-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    const refusal = form.getByRole('alert');
    await refusal.getByText('The current password is incorrect').waitFor();
    expect(await refusal.textContent()).toContain('WRONG_PASSWORD');
    await d.shot('settings-03-wrong-password');
    expect((await login(d.stack.admin.email, d.stack.admin.password)).status).toBe(200);

    await form.getByLabel('Current password', { exact: true }).fill(d.stack.admin.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await d.page.getByText('Password changed; your other sessions were signed out').waitFor();
    expect(await form.getByLabel('Current password', { exact: true }).inputValue()).toBe('');

    const fresh = await login(d.stack.admin.email, 'admin-new-password');
    expect(fresh.status).toBe(200);
    expect(fresh.body.email).toBe(d.stack.admin.email);
    expect((await login(d.stack.admin.email, d.stack.admin.password)).status).toBe(400);
    // This session survives its own password change.
    await d.nav('Users').click();
    await row(d.stack.admin.email).waitFor();
  });
});
