/**
 * End-to-end: the real app, built with Vite, in Chromium, against a whole native SelfDB
 * (PostgreSQL, the S3 server and the API on free loopback ports), provisioned by setup.sh.
 * Screenshots go to test-results/ (git-ignored).
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sunsetPng } from './support/png.ts';
import { freePort, type Stack, startStack } from './support/stack.ts';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shots = path.join(appDir, 'test-results');
const run = promisify(execFile);

let stack: Stack;
let server: PreviewServer;
let browser: Browser;
let appUrl: string;
let appEnvFile: string;
const contexts: BrowserContext[] = [];

const topicTitle = 'Sunsets over the harbour';
const user = { name: 'Ada Lovelace', email: 'ada@board.test', password: 'analytical-engine-1843' };
let topicId: string;
let commentId: string;

async function setup(): Promise<string> {
  const { stdout } = await run(path.join(appDir, 'setup.sh'), [], {
    env: { ...process.env, SELFDB_ENV_FILE: stack.envFile, APP_ENV_FILE: appEnvFile },
  });
  return stdout;
}

async function api(pathname: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = init.token
    ? { Authorization: `Bearer ${init.token}` }
    : { apikey: stack.anonKey };
  if (init.body) headers['Content-Type'] = 'application/json';
  return fetch(`${stack.url}/api/v1${pathname}`, { ...init, headers });
}

async function adminToken(): Promise<string> {
  const response = await api('/auth/login', {
    method: 'POST',
    body: JSON.stringify({ email: stack.admin.email, password: stack.admin.password }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Everything setup.sh provisions (and the data in it), as the admin sees it. */
async function snapshot(): Promise<unknown> {
  const token = await adminToken();
  const read = async (p: string) => (await api(p, { token })).json();
  return {
    topics: await read('/tables/topics'),
    comments: await read('/tables/comments'),
    buckets: await read('/buckets'),
    tables: ((await read('/tables')) as { name: string; column_count: number; is_public: boolean }[]).map(
      ({ name, column_count, is_public }) => ({ name, column_count, is_public }),
    ),
  };
}

/** A full-page screenshot, scrolled to the top first (the header is sticky). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, name), fullPage: true });
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 860 }, deviceScaleFactor: 1 });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error('browser console:', m.text());
  });
  page.on('requestfailed', (r) =>
    console.error('request failed:', r.method(), r.url(), r.failure()?.errorText),
  );
  await page.goto(appUrl);
  await page.getByTestId('live-status').getByText('Live').waitFor();
  return page;
}

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  const appPort = await freePort();
  appUrl = `http://127.0.0.1:${appPort}`;
  stack = await startStack(appUrl);
  appEnvFile = path.join(stack.root, 'app', '.env');
  await mkdir(path.dirname(appEnvFile), { recursive: true });

  const first = await setup();
  expect(first).toContain('table topics: created');
  expect(first).toContain('bucket discussion-media: created (public)');

  // Build the app with the .env that setup.sh wrote, and serve the result.
  const outDir = path.join(stack.root, 'app', 'dist');
  await build({
    root: appDir,
    configFile: path.join(appDir, 'vite.config.ts'),
    envDir: path.dirname(appEnvFile),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  server = await preview({
    root: appDir,
    configFile: path.join(appDir, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: appPort, strictPort: true, open: false },
  });

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
  await stack?.stop();
});

describe('open discussion board', () => {
  let visitor: Page; // anonymous, posts the topic
  let watcher: Page; // anonymous, only watches the feed
  let member: Page; // signs up in the second test

  it('an anonymous visitor posts a topic with an image and sees it; a second visitor sees it appear live', async () => {
    visitor = await newPage();
    watcher = await newPage();
    await watcher.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await visitor.screenshot({ path: path.join(shots, '01-empty-board.png') });

    await visitor.getByPlaceholder('How others will see you').fill('Grace');
    await visitor.getByPlaceholder('Give your topic a title').fill(topicTitle);
    await visitor
      .getByPlaceholder('What would you like to talk about?')
      .fill(
        'Caught this one from the pier last night. Where is your favourite spot to watch the sun go down?',
      );
    await visitor.locator('input[name=media]').setInputFiles({
      name: 'sunset.png',
      mimeType: 'image/png',
      buffer: sunsetPng(),
    });
    await visitor.locator('.attachment img').waitFor();
    await visitor.screenshot({ path: path.join(shots, '02-composer-with-image.png') });

    // Record the progress bar while the upload runs.
    await visitor.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid=upload-progress]');
        if (bar?.textContent && seen.at(-1) !== bar.textContent) seen.push(bar.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // Slow the upload down (Chromium's network emulation) so that the progress bar can be seen.
    const cdp = await visitor.context().newCDPSession(visitor);
    await cdp.send('Network.enable');
    const throttle = (uploadThroughput: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput,
      });
    await throttle(6 * 1024);
    await visitor.getByRole('button', { name: 'Post topic' }).click();
    await visitor
      .getByTestId('upload-progress')
      .getByText(/^[1-9][0-9]?%$/)
      .waitFor({ timeout: 20_000 });
    await visitor.screenshot({ path: path.join(shots, '03-upload-progress.png') });
    await throttle(-1);

    const card = visitor.getByTestId('topic-card').filter({ hasText: topicTitle });
    await card.waitFor({ timeout: 10_000 }).catch(async (error) => {
      await visitor.screenshot({ path: path.join(shots, 'failed-post.png') });
      throw new Error(
        `${error}; toast: ${await visitor
          .locator('.toast')
          .textContent()
          .catch(() => '')}`,
      );
    });
    const progress = await visitor.evaluate(
      () => (window as unknown as { progressSeen: string[] }).progressSeen,
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((p) => p !== '0%' && p !== '100%')).toBe(true);
    expect(progress.at(-1)).toBe('100%');

    // The image is stored in the public bucket and rendered from its public URL.
    const thumb = card.locator('img');
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(640);
    const src = await thumb.getAttribute('src');
    expect(src).toMatch(new RegExp(`^${stack.url}/api/v1/files/[0-9a-f-]+/content$`));
    const image = await fetch(src as string); // no credentials at all
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');

    // The other visitor's feed shows it without a reload.
    const watched = watcher.getByTestId('topic-card').filter({ hasText: topicTitle });
    await watched.waitFor({ timeout: 10_000 });
    expect(await watcher.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );
    await expect
      .poll(() =>
        watched.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBe(640);
    await watcher.screenshot({ path: path.join(shots, '04-feed-live-in-second-browser.png') });

    await card.locator('.card-hit').click();
    await visitor.getByTestId('topic-full').waitFor();
    topicId = visitor.url().match(/#\/topic\/(\d+)/)?.[1] ?? '';
    expect(topicId).not.toBe('');
    const full = visitor.getByTestId('topic-full').locator('img');
    await expect
      .poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(640);
    // An anonymous post can be changed by nobody but a superuser: no edit controls, even for its author.
    expect(await visitor.getByTestId('topic-full').getByRole('button', { name: /Edit/ }).count()).toBe(0);
    await shot(visitor, '05-topic-with-image.png');
  });

  it('a registered user comments and edits the comment; others see both live', async () => {
    member = await newPage();
    await member.goto(`${appUrl}/#/topic/${topicId}`);
    await member.getByTestId('topic-full').waitFor();

    await member.getByRole('button', { name: 'Sign up' }).click();
    const dialog = member.getByTestId('auth-dialog');
    await dialog.locator('input[name=full_name]').fill(user.name);
    await dialog.locator('input[name=email]').fill(user.email);
    await dialog.locator('input[name=password]').fill(user.password);
    await member.screenshot({ path: path.join(shots, '06-sign-up.png') });
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await member.getByTestId('user-chip').getByText(user.name).waitFor();
    await member.getByTestId('live-status').getByText('Live').waitFor();

    await member
      .getByPlaceholder('Write a reply…')
      .fill('The lighthouse at the end of the north pier, every time.');
    await member.getByRole('button', { name: 'Reply' }).click();
    const comment = member.getByTestId('comment').filter({ hasText: 'north pier' });
    await comment.waitFor();
    commentId = (await comment.getAttribute('data-comment-id')) ?? '';
    expect(commentId).not.toBe('');

    // The anonymous visitor, still on the topic page, sees the reply arrive.
    const seenByVisitor = visitor.getByTestId('comment').filter({ hasText: 'north pier' });
    await seenByVisitor.waitFor({ timeout: 10_000 });

    await comment.getByRole('button', { name: 'Edit' }).click();
    await comment
      .getByTestId('comment-editor')
      .locator('textarea')
      .fill('The lighthouse at the end of the north pier — bring a jacket!');
    await comment.getByRole('button', { name: 'Save' }).click();
    await comment.getByTestId('comment-body').getByText('bring a jacket!').waitFor();
    await comment.getByText('(edited)').waitFor();
    await shot(member, '07-member-edited-comment.png');

    await seenByVisitor.getByText('bring a jacket!').waitFor({ timeout: 10_000 });

    // The member may not change the anonymous topic either (no owner): hidden in the UI...
    expect(
      await member
        .getByTestId('topic-full')
        .getByRole('button', { name: /Edit|Delete/ })
        .count(),
    ).toBe(0);
    // ...and refused by the API.
    const token = await member.evaluate(
      () => JSON.parse(localStorage.getItem('open-discussion-board.session') ?? '{}').access_token as string,
    );
    const denied = await api(`/tables/topics/data/${topicId}`, {
      method: 'PATCH',
      token,
      body: JSON.stringify({ title: 'hijacked' }),
    });
    expect(denied.status).toBe(404);
  });

  it('a member edits and deletes their own topic; the others see both live', async () => {
    await member.getByRole('button', { name: 'All topics' }).click();
    await member.getByText(`Posting as`).waitFor();
    await member.getByPlaceholder('Give your topic a title').fill('Best fish and chips near the harbour?');
    await member
      .getByPlaceholder('What would you like to talk about?')
      .fill('Asking for a friend. Vinegar mandatory.');
    await member.getByRole('button', { name: 'Post topic' }).click();
    const card = member.getByTestId('topic-card').filter({ hasText: 'fish and chips' });
    await card.locator('.card-hit').click();
    const full = member.getByTestId('topic-full');
    await full.getByRole('button', { name: 'Edit' }).click();
    await member
      .getByTestId('topic-editor')
      .locator('textarea')
      .fill('Asking for a friend. Vinegar mandatory, mushy peas optional.');
    await member.getByTestId('topic-editor').getByRole('button', { name: 'Save' }).click();
    await full.getByText('mushy peas optional').waitFor();
    await watcher
      .getByTestId('topic-card')
      .filter({ hasText: 'mushy peas optional' })
      .waitFor({ timeout: 10_000 });

    // A short-lived topic: deleted by its author, it disappears from the other feed.
    await member.getByRole('button', { name: 'All topics' }).click();
    await member.getByPlaceholder('Give your topic a title').fill('Typo, please ignore');
    await member.getByPlaceholder('What would you like to talk about?').fill('Oops.');
    await member.getByRole('button', { name: 'Post topic' }).click();
    const oops = watcher.getByTestId('topic-card').filter({ hasText: 'Typo, please ignore' });
    await oops.waitFor({ timeout: 10_000 });
    await member
      .getByTestId('topic-card')
      .filter({ hasText: 'Typo, please ignore' })
      .locator('.card-hit')
      .click();
    member.once('dialog', (dialog) => void dialog.accept());
    await member.getByTestId('topic-full').getByRole('button', { name: 'Delete' }).click();
    await member.getByText('Topic deleted').waitFor();
    await oops.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => watcher.getByTestId('topic-card').count()).toBe(2);
    await shot(watcher, '09-feed-guest-and-member-topics.png');

    // The same feed on a phone.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    contexts.push(phone);
    const small = await phone.newPage();
    await small.goto(appUrl);
    await small.getByTestId('topic-card').nth(1).waitFor();
    await expect
      .poll(() =>
        small.evaluate(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0)),
      )
      .toBe(true);
    await small.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
    await small.screenshot({ path: path.join(shots, '10-phone-feed.png'), fullPage: true });
  });

  it("the anonymous visitor cannot edit or delete the member's comment", async () => {
    const theirs = visitor.getByTestId('comment').filter({ hasText: 'bring a jacket!' });
    await theirs.waitFor();
    // The UI offers no edit or delete...
    expect(await theirs.getByRole('button').count()).toBe(0);
    await shot(visitor, '08-visitor-sees-member-comment.png');

    // ...and the API refuses both when asked directly with the anon key.
    const edit = await api(`/tables/comments/data/${commentId}`, {
      method: 'PATCH',
      body: JSON.stringify({ content: 'vandalised' }),
    });
    expect(edit.status).toBeGreaterThanOrEqual(400);
    expect(edit.status).toBeLessThan(500);
    const remove = await api(`/tables/comments/data/${commentId}`, { method: 'DELETE' });
    expect(remove.status).toBeGreaterThanOrEqual(400);
    expect(remove.status).toBeLessThan(500);

    const row = (await (await api(`/tables/comments/data/${commentId}`)).json()) as {
      content: string;
      user_id: string;
    };
    expect(row.content).toBe('The lighthouse at the end of the north pier — bring a jacket!');
    expect(row.user_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rerunning setup.sh changes nothing', async () => {
    const before = await snapshot();
    const envBefore = await readFile(appEnvFile, 'utf8');
    const mtimeBefore = (await stat(appEnvFile)).mtimeMs;

    const again = await setup();
    expect(again).toContain('table topics: already there');
    expect(again).toContain('table comments: already there');
    expect(again).toContain('bucket discussion-media: already there');
    expect(again).toContain('is up to date');

    expect(await snapshot()).toEqual(before);
    expect(await readFile(appEnvFile, 'utf8')).toBe(envBefore);
    expect((await stat(appEnvFile)).mtimeMs).toBe(mtimeBefore);
    expect(envBefore).toContain(`VITE_SELFDB_ANON_KEY=${stack.anonKey}`);
    expect(envBefore).toContain(`VITE_SELFDB_URL=${stack.url}`);

    const policy = (before as { comments: { owner_column: string; permissions: unknown } }).comments;
    expect(policy.owner_column).toBe('user_id');
    expect(policy.permissions).toEqual({ select: 'anon', insert: 'anon', update: 'owner', delete: 'owner' });
  });
});
