import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, openDashboard } from './support/session';

/*
 * The dashboard in a real Chromium against the native stack (ARCHITECTURE §6-7). The steps build
 * on each other like a person's session: sign in, make a table, work with its rows, query it.
 * Each page is saved as a screenshot under frontend/test-results/ (git-ignored) to be looked at.
 */

let dashboard: Dashboard;
let stack: Dashboard['stack'];
let page: Dashboard['page'];
let api: Dashboard['api'];
let shot: Dashboard['shot'];
let nav: Dashboard['nav'];
let signIn: Dashboard['signIn'];

beforeAll(async () => {
  dashboard = await openDashboard();
  ({ stack, page, api, shot, nav, signIn } = dashboard);
});

afterAll(async () => {
  await dashboard?.close();
});

describe('the dashboard', () => {
  it('refuses a user who is not a superuser', async () => {
    await api('POST', '/users', { email: 'someone@e2e.test', password: 'ordinary-password' });
    await signIn('someone@e2e.test', 'ordinary-password');
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Access refused');
    expect(await refusal.textContent()).toContain('someone@e2e.test is not a superuser');
    await shot('01-login-refused');
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('shows a wrong password as the API says it', async () => {
    await signIn(stack.admin.email, 'not-the-password');
    await page.getByText('Incorrect email or password').waitFor();
  });

  it('signs the superuser in to the dashboard with live counts', async () => {
    await signIn(stack.admin.email, stack.admin.password);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('stat-users').getByText('1').waitFor();
    await page.getByTestId('stat-tables').getByText('0').waitFor();
    await shot('02-dashboard-empty');
  });

  it('creates a table with a public policy', async () => {
    await nav('Tables').click();
    await page.getByText('No tables yet').waitFor();
    await shot('03-tables-empty');
    await page.getByRole('button', { name: 'New table' }).click();
    await page.getByLabel('Table name').fill('notes');
    await page.getByRole('button', { name: 'Add column' }).click();
    await page.getByLabel('Column 3 name').fill('title');
    await page.getByLabel('Column 3 nullable').uncheck();
    await page.getByRole('button', { name: 'Add column' }).click();
    await page.getByLabel('Column 4 name').fill('stars');
    await page.getByLabel('Column 4 type').selectOption('integer');
    await page.getByLabel('Column 4 default').fill('0');
    await page.getByText('Public', { exact: true }).click();
    await shot('04-create-table');
    await page.getByRole('button', { name: 'Create table' }).click();
    await page.getByRole('heading', { name: /notes/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/tables/notes');

    const detail = await api<{ is_public: boolean; permissions: Record<string, string> }>(
      'GET',
      '/tables/notes',
    );
    expect(detail.is_public).toBe(true);
    expect(detail.permissions).toEqual({ select: 'anon', insert: 'anon', update: 'owner', delete: 'owner' });
  });

  it('inserts, edits and deletes rows in the grid', async () => {
    await page.getByText('This table is empty').waitFor();
    await page.getByRole('button', { name: 'Insert row' }).first().click();
    await page.getByLabel('Value for title').fill('First note');
    await page.getByLabel('Value for stars').fill('3');
    await page.getByRole('dialog').getByRole('button', { name: 'Insert row' }).click();
    await page.getByRole('cell', { name: 'First note' }).waitFor();

    await api('POST', '/tables/notes/data', [{ title: 'Second note' }, { title: 'Third note', stars: 5 }]);
    await page.getByRole('button', { name: 'Reload rows' }).click();
    await page.getByRole('cell', { name: 'Third note' }).waitFor();

    await page.getByRole('cell', { name: 'First note' }).dblclick();
    await page.getByLabel('Edit title').fill('First note, edited');
    await page.getByLabel('Edit title').press('Enter');
    await page.getByRole('cell', { name: 'First note, edited' }).waitFor();
    const rows = await api<{ data: Array<{ title: string }> }>('GET', '/tables/notes/data?order_by=id');
    expect(rows.data.map((r) => r.title)).toEqual(['First note, edited', 'Second note', 'Third note']);

    await page.getByRole('button', { name: 'stars' }).click();
    await page.getByRole('button', { name: 'stars' }).click();
    await page.locator('th[aria-sort="descending"]', { hasText: 'stars' }).waitFor();
    const firstCell = page.locator('table.grid tbody tr').first().locator('td').nth(2);
    await expect.poll(() => firstCell.textContent()).toBe('Third note');

    await page.getByLabel('Filter column').selectOption('title');
    await page.getByLabel('Filter operator').selectOption('ilike');
    await page.getByLabel('Filter value').fill('second');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByText('1 row', { exact: true }).waitFor();
    await shot('05-table-data-filtered');
    await page.getByLabel('Remove filter on title').click();
    await page.getByText('3 rows', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Delete row 2' }).click();
    await page.getByRole('dialog', { name: 'Delete this row?' }).waitFor();
    await shot('06-delete-row-confirm');
    await page.getByRole('button', { name: 'Delete row', exact: true }).click();
    await page.getByText('2 rows', { exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: 'Second note' }).count()).toBe(0);
    await shot('07-table-data');
  });

  it('shows a row inserted through the API without a reload', async () => {
    await page.getByText('Live', { exact: true }).waitFor();
    await api('POST', '/tables/notes/data', { title: 'Arrived live', stars: 4 });
    await page.getByRole('cell', { name: 'Arrived live' }).waitFor();
    await page.getByText('3 rows', { exact: true }).waitFor();
    await shot('07b-table-live-insert');
  });

  it('shows the structure, relationships, policy and DDL of a table', async () => {
    await page.getByRole('tab', { name: 'Structure' }).click();
    await page.getByRole('button', { name: 'Add column', exact: true }).click();
    await page.getByLabel('Column name').fill('body');
    await page.getByRole('dialog').getByRole('button', { name: 'Add column' }).click();
    await page.getByRole('cell', { name: 'body', exact: true }).waitFor();
    await shot('08-table-structure');
    await page.getByRole('tab', { name: 'Relationships & indexes' }).click();
    await page.getByText('notes_pkey').waitFor();
    await shot('09-table-relations');
    await page.getByRole('tab', { name: 'Access policy' }).click();
    await shot('10-table-policy');
    await page.getByRole('tab', { name: 'DDL' }).click();
    await page
      .getByTestId('ddl')
      .getByText(/CREATE TABLE/)
      .waitFor();
    await shot('11-table-ddl');
  });

  it('lists users', async () => {
    await nav('Users').click();
    await page.getByRole('cell', { name: /someone@e2e.test/ }).waitFor();
    await shot('12-users');
  });

  it('updates the dashboard counts live', async () => {
    await nav('Dashboard').click();
    await page.getByTestId('stat-users').getByText('1', { exact: true }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    await api('POST', '/users', { email: 'another@e2e.test', password: 'ordinary-password' });
    await page.getByTestId('stat-users').getByText('2', { exact: true }).waitFor();
    await shot('12b-dashboard');
  });

  it('shows placeholders for the next release', async () => {
    await nav('Storage soon').click();
    await page.getByText('Storage is coming in the next release').waitFor();
    await shot('13-storage-placeholder');
  });

  it('runs a multi-statement query, shows each result, and shows an error with its position', async () => {
    await nav('SQL editor').click();
    const editor = page.getByTestId('sql-editor').locator('.monaco-editor');
    await editor.waitFor();
    await shot('14-sql-editor');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('select sta');
    await page.keyboard.press('Control+Space');
    // Completion offers the columns and tables of /schema.
    await page.locator('.suggest-widget').getByText('stars', { exact: true }).waitFor();
    await page.waitForTimeout(300);
    await shot('14b-sql-completion');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(
      "insert into notes (title) values ('from sql');\nselect title, stars from notes order by id;\nselect nope from notes;",
    );
    await page.keyboard.press('ControlOrMeta+Enter');
    const error = page.getByTestId('sql-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('column "nope" does not exist');
    expect(await error.textContent()).toContain('line 3');
    await shot('15-sql-error');
    const rows = await api<{ data: Array<{ title: string }> }>('GET', '/tables/notes/data');
    expect(rows.data.map((r) => r.title)).not.toContain('from sql');

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(
      "insert into notes (title) values ('from sql');\nselect title, stars from notes order by id;",
    );
    await page.keyboard.press('ControlOrMeta+Enter');
    await page.getByTestId('statement-1').waitFor();
    expect(await page.getByTestId('statement-0').textContent()).toContain('1 row');
    await page.getByTestId('statement-1').getByRole('cell', { name: 'from sql' }).waitFor();
    await shot('16-sql-results');
  });

  it('saves a snippet and loads it again after a reload', async () => {
    await page.getByRole('button', { name: 'Save as snippet' }).click();
    await page.getByLabel('Snippet name').fill('Notes by id');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    const snippet = page.locator('.sql-side .side-item-main', { hasText: 'Notes by id' });
    await snippet.waitFor();
    await page.reload();
    const editor = page.getByTestId('sql-editor').locator('.monaco-editor');
    await editor.waitFor();
    expect(await editor.textContent()).not.toContain('from sql');
    await snippet.click();
    await page.getByTestId('sql-editor').getByText("values ('from sql')").waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    await page.locator('.sql-side .side-item-main', { hasText: 'insert into notes' }).first().waitFor();
    // The failed run is in the history too, marked as an error.
    await page.locator('.sql-side .side-item-main', { hasText: 'error' }).first().waitFor();
    await shot('17-sql-history');
  });

  it('draws the schema with its foreign keys and remembers where tables were moved', async () => {
    await nav('Tables').click();
    await page.getByRole('button', { name: 'New table' }).click();
    await page.getByLabel('Table name').fill('comments');
    await page.getByRole('button', { name: 'Add column' }).click();
    await page.getByLabel('Column 3 name').fill('note_id');
    await page.getByLabel('Column 3 type').selectOption('bigint');
    await page.getByLabel('Column 3 references').selectOption('notes.id');
    await page.getByRole('button', { name: 'Create table' }).click();
    await page.getByRole('heading', { name: /comments/ }).waitFor();
    await page.getByRole('tab', { name: 'Relationships & indexes' }).click();
    await page.getByRole('link', { name: 'notes.id' }).waitFor();
    await shot('18a-table-foreign-key');
    await nav('Tables').click();
    await page.getByRole('link', { name: 'comments' }).waitFor();
    await shot('18b-tables');

    await nav('Schema').click();
    const node = page.getByTestId('schema-node-comments');
    await node.waitFor();
    await page.locator('path.edge').first().waitFor({ state: 'attached' });
    await shot('18c-schema');
    const before = await node.boundingBox();
    if (!before) throw new Error('the comments table is not drawn');
    await page.mouse.move(before.x + 60, before.y + 40);
    await page.mouse.down();
    await page.mouse.move(before.x + 260, before.y + 140, { steps: 5 });
    await page.mouse.up();
    await page.reload();
    await node.waitFor();
    const after = await node.boundingBox();
    expect(Math.round((after?.x ?? 0) - before.x)).toBe(200);
    await shot('19-schema-moved');
  });

  it('has a dark theme', async () => {
    await nav('Tables').click();
    await page.getByRole('link', { name: 'notes' }).click();
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByRole('cell', { name: 'Third note' }).waitFor();
    await shot('20-dark-table');
    await nav('SQL editor').click();
    await page.getByTestId('sql-editor').locator('.monaco-editor').waitFor();
    await shot('21-dark-sql');
    await nav('Schema').click();
    await page.getByTestId('schema-node-notes').waitFor();
    await shot('22-dark-schema');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });

  it('logs out', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${stack.dashboardUrl}/tables`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});
