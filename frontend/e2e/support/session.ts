import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { SCREENSHOTS } from './paths';
import { type Stack, startStack } from './stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type Dashboard = {
  stack: Stack;
  browser: Browser;
  page: Page;
  /** The first superuser's access token, for the API calls that set up and check a test. */
  adminToken: string;
  /** `/api/v1` + `url` with the anon key and (unless `token` is '') a bearer token; throws unless 2xx. */
  api<T>(method: string, url: string, body?: unknown, token?: string): Promise<T>;
  /** Saves the page as test-results/screenshots/<name>.png, to be looked at. */
  shot(name: string): Promise<void>;
  /** A link of the sidebar. */
  nav(label: string): Locator;
  signIn(email: string, password: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * A native stack with the dashboard and a headless Chromium on it (ARCHITECTURE §6-7), signed out.
 * The browser tests of each dashboard area start one and build on it like a person's session.
 */
export async function openDashboard(options: { functions?: boolean } = {}): Promise<Dashboard> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const stack = await startStack(options);
  let browser: Browser | undefined;
  try {
    let adminToken = '';
    const api = async <T>(method: string, url: string, body?: unknown, token = adminToken): Promise<T> => {
      const res = await fetch(`${stack.url}/api/v1${url}`, {
        method,
        headers: {
          apikey: stack.anonKey,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
      return (res.status === 204 ? null : await res.json()) as T;
    };
    adminToken = (
      await api<{ access_token: string }>('POST', '/auth/login', {
        email: stack.admin.email,
        password: stack.admin.password,
      })
    ).access_token;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
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
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(15_000);
    const opened = browser;
    return {
      stack,
      browser,
      page,
      adminToken,
      api,
      shot: async (name) => {
        await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
      },
      nav: (label) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }),
      signIn: async (email, password) => {
        await page.goto(`${stack.dashboardUrl}/login`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
      },
      close: async () => {
        await opened.close();
        await stack.stop();
      },
    };
  } catch (err) {
    await browser?.close();
    await stack.stop();
    throw err;
  }
}
