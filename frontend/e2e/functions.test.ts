import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, openDashboard } from './support/session';

/*
 * The Functions pages in Chromium against the native stack with the real Deno runtime. The steps
 * build on each other like a person's session: create a function, edit it with the problems shown
 * as they type, deploy, give it a secret, invoke it, watch its runs, compare and restore versions.
 */

type Fn = { id: string; name: string; code: string; version_number: number; triggers: unknown[] };

let d: Dashboard;
let fn: Fn;

const WITH_LINT_WARNING = `export const triggers: SelfDBTrigger[] = [{ type: 'http', method: ['GET', 'POST'] }];

export default async function handler(req: Request, ctx: SelfDBContext) {
  const leftover = 1;
  const body = req.method === 'POST' ? await req.json() : {};
  return { greeting: \`Hello, \${body.name ?? 'world'}!\` };
}
`;

const WITH_TYPE_ERROR = `export const triggers: SelfDBTrigger[] = [{ type: 'http', method: ['GET', 'POST'] }];

export default async function handler(req: Request, ctx: SelfDBContext) {
  const count: number = 'three';
  return { count, user: ctx.user?.email ?? null, method: req.method };
}
`;

const FIXED = `export const triggers: SelfDBTrigger[] = [{ type: 'http', method: ['GET', 'POST'] }];

export default async function handler(req: Request, ctx: SelfDBContext) {
  const body = req.method === 'POST' ? await req.json() : {};
  console.log('greeting', body.name);
  return { greeting: \`Hello, \${body.name ?? 'world'}!\`, secret: ctx.env.GREETING_SECRET ?? null };
}
`;

const editor = () => d.page.getByTestId('function-editor');
const problems = () => d.page.getByTestId('function-problems');
const tab = (name: string) => d.page.getByRole('tab', { name });

/** The code as the editor draws it, without any white space (Monaco draws spaces as U+00A0). */
const squash = (text: string) => text.replace(/[\s\u00a0]+/g, '');

/**
 * Replaces the editor's text by pasting it (typing it would add auto-indentation and closing
 * brackets), until the editor shows exactly that code: a paste can still meet the clipboard's
 * previous text.
 */
async function setCode(code: string) {
  await expect
    .poll(
      async () => {
        await editor().locator('.view-lines').click();
        await d.page.evaluate((text) => navigator.clipboard.writeText(text), code);
        await d.page.keyboard.press('ControlOrMeta+A');
        await d.page.keyboard.press('ControlOrMeta+V');
        return squash((await editor().locator('.view-lines').textContent()) ?? '');
      },
      { timeout: 15_000 },
    )
    .toBe(squash(code));
}

/**
 * Asks for completion (Ctrl+Space) until `label` is offered. The TypeScript worker answers for the
 * text it has synced; right after a paste, a first request can see the text before it.
 */
async function expectSuggestion(label: string) {
  const item = d.page.locator('.suggest-widget').getByText(label, { exact: false }).first();
  await expect
    .poll(
      async () => {
        await d.page.keyboard.press('Escape');
        await d.page.keyboard.press('Control+Space');
        return item.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        );
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

beforeAll(async () => {
  d = await openDashboard({ functions: true });
  await d.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await d.signIn(d.stack.admin.email, d.stack.admin.password);
  await d.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
});

afterAll(async () => {
  await d?.close();
});

describe('functions', () => {
  it('creates a function from the HTTP template', async () => {
    await d.nav('Functions').click();
    await d.page.getByText('No functions yet').waitFor();
    await d.shot('functions-01-empty');
    await d.page.getByRole('button', { name: 'New function' }).click();
    await d.page.getByLabel('Function name').fill('greet');
    expect(await d.page.getByRole('radio', { name: /HTTP endpoint/ }).isChecked()).toBe(true);
    await d.shot('functions-02-create');
    await d.page.getByRole('button', { name: 'Create function' }).click();
    await d.page.getByRole('heading', { name: /greet/ }).waitFor();

    const list = await d.api<Fn[]>('GET', '/functions');
    expect(list.map((f) => f.name)).toEqual(['greet']);
    fn = list[0] as Fn;
    const template = await d.api<{ code: string }>('GET', '/functions/templates/http');
    expect(fn.code).toBe(template.code);
    expect(fn.version_number).toBe(1);
    expect(new URL(d.page.url()).pathname).toBe(`/functions/${fn.id}`);
    await d.page.getByTestId('function-summary').getByText('HTTP GET, POST').waitFor();
    await problems().getByText('no problems').waitFor();
  });

  it('shows a lint finding inline as you type', async () => {
    await setCode(WITH_LINT_WARNING);
    await problems()
      .getByRole('button', { name: /`leftover` is never used.*no-unused-vars.*line 4, column 9/ })
      .waitFor();
    await editor().locator('.squiggly-warning').first().waitFor();
    await d.shot('functions-03-lint-warning');
  });

  it('shows a type error from deno check inline', async () => {
    await setCode(WITH_TYPE_ERROR);
    await problems()
      .getByText("Type 'string' is not assignable to type 'number'", { exact: false })
      .waitFor();
    await problems().getByText('TS2322').waitFor();
    await editor().locator('.squiggly-error').first().waitFor();
    await d.shot('functions-04-type-error');
  });

  it("completes with Deno's and SelfDB's declarations", async () => {
    await setCode('Deno.readTextF');
    await expectSuggestion('readTextFile');
    await d.page.keyboard.press('Escape');
    await setCode('export default (req: Request, ctx: SelfDBContext) => ctx.callB');
    await expectSuggestion('callBackend');
    await d.shot('functions-04b-completion');
    await d.page.keyboard.press('Escape');
  });

  it('refuses to deploy a module without a default export, and says why', async () => {
    await setCode('export const answer = 42;\n');
    await d.page.keyboard.press('ControlOrMeta+S');
    const result = d.page.getByTestId('deploy-result');
    await result.getByText('Not deployed.').waitFor();
    await result.getByText('INVALID_FUNCTION').waitFor();
    expect(await result.textContent()).toContain('no default export');
    expect((await d.api<Fn>('GET', `/functions/${fn.id}`)).version_number).toBe(1);
  });

  it('asks before another page discards code that is not deployed', async () => {
    const path = new URL(d.page.url()).pathname;
    await d.nav('Tables').click();
    const question = d.page.getByRole('dialog', { name: 'Leave without deploying?' });
    await question.waitFor();
    await d.shot('functions-04c-leave-question');
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'hidden' });
    expect(new URL(d.page.url()).pathname).toBe(path);
    await editor().getByText('export const answer = 42;').waitFor();
    // Switching tabs of the same function is not leaving.
    await tab('Versions').click();
    await tab('Code & test').click();
    expect(await d.page.getByRole('dialog').count()).toBe(0);
    await editor().getByText('export const answer = 42;').waitFor();
  });

  it('deploys the fixed code with Ctrl/Cmd+S', async () => {
    await setCode(FIXED);
    await problems().getByText('no problems').waitFor();
    expect(await editor().locator('.squiggly-warning, .squiggly-error').count()).toBe(0);
    await d.page.keyboard.press('ControlOrMeta+S');
    await d.page.getByTestId('deploy-result').getByText('Deployed version 2').waitFor();
    await d.shot('functions-05-deployed');
    const current = await d.api<Fn>('GET', `/functions/${fn.id}`);
    expect(JSON.stringify(current.code)).toBe(JSON.stringify(FIXED));
    expect(current.version_number).toBe(2);
  });

  it('adds a secret env var that cannot be read back', async () => {
    await tab('Environment').click();
    await d.page.getByText('No variables yet').waitFor();
    await d.page.getByLabel('Variable name').fill('GREETING_SECRET');
    await d.page.getByLabel('Variable value').fill('s3cr3t-value');
    expect(await d.page.getByLabel('Secret (write-only)').isChecked()).toBe(true);
    await d.page.getByRole('button', { name: 'Add variable' }).click();
    const row = d.page.getByTestId('env-vars').getByRole('row', { name: /GREETING_SECRET/ });
    await row.getByText('secret · hidden').waitFor();
    expect(await d.page.content()).not.toContain('s3cr3t-value');
    await d.shot('functions-06-env');
    const vars = await d.api<Array<{ key: string; value: string | null; is_secret: boolean }>>(
      'GET',
      `/functions/${fn.id}/env`,
    );
    expect(vars).toEqual([{ id: expect.any(String), key: 'GREETING_SECRET', value: null, is_secret: true }]);
  });

  it('invokes the function from the test panel: status, body, headers and duration', async () => {
    await tab('Code & test').click();
    await d.page.getByLabel('Method').selectOption('POST');
    await d.page.getByLabel('Request body').fill('{"name": "Ada"}');
    await d.page.getByRole('button', { name: 'Send request' }).click();
    await d.page.getByTestId('test-status').getByText('200').waitFor();
    const body = JSON.parse((await d.page.getByTestId('test-body').textContent()) ?? '');
    expect(body).toEqual({ greeting: 'Hello, Ada!', secret: 's3cr3t-value' });
    expect(await d.page.getByTestId('test-duration').textContent()).toMatch(/\d+(\.\d+)? m?s/);
    await d.page.getByText(/^Headers \(\d+\)$/).click();
    await d.page.getByTestId('test-result').getByText('application/json', { exact: false }).first().waitFor();
    await d.shot('functions-07-test-panel');
  });

  it('shows the run with its console output', async () => {
    await tab('Executions').click();
    const runs = d.page.getByTestId('executions');
    await runs.getByRole('row').nth(1).getByText('success').waitFor();
    expect(await runs.getByRole('row').count()).toBe(2);
    const detail = d.page.getByTestId('execution-detail');
    await detail.getByText('greeting Ada').waitFor();
    await detail.getByText('200', { exact: true }).waitFor();
    await d.shot('functions-08-executions');
  });

  it('follows a new run without a reload', async () => {
    const answer = await d.api<{ greeting: string }>('POST', `/functions/invoke/greet`, { name: 'Live' });
    expect(answer.greeting).toBe('Hello, Live!');
    const runs = d.page.getByTestId('executions');
    await d.page.getByTestId('execution-detail').getByText('greeting Live').waitFor();
    expect(await runs.getByRole('row').count()).toBe(3);
    await tab('Logs').click();
    const lines = d.page.getByTestId('log-lines');
    await lines.getByText('greeting Live').waitFor();
    expect(await lines.locator('.fn-log-message').allTextContents()).toEqual([
      'greeting Live',
      'greeting Ada',
    ]);
    await d.shot('functions-09-logs');
  });

  it('compares an older version with the current code and restores it as a new version', async () => {
    await tab('Versions').click();
    const diff = d.page.getByTestId('version-diff');
    await d.page.getByRole('heading', { name: 'Version 1 → current (version 2)' }).waitFor();
    await diff.locator('.monaco-diff-editor').waitFor();
    await diff.getByText('Hello from SelfDB', { exact: false }).first().waitFor();
    await diff.locator('.line-insert, .char-insert').first().waitFor();
    await diff.locator('.line-delete, .char-delete').first().waitFor();
    await d.shot('functions-10-diff');

    await d.page.getByRole('button', { name: 'Restore version 1' }).click();
    await d.page.getByRole('dialog').getByRole('button', { name: 'Restore version 1' }).click();
    await d.page.getByText('Version 1 restored as version 3').waitFor();
    const template = await d.api<{ code: string }>('GET', '/functions/templates/http');
    const current = await d.api<Fn>('GET', `/functions/${fn.id}`);
    expect(current.version_number).toBe(3);
    expect(current.code).toBe(template.code);
    const versions = await d.api<Array<{ version_number: number; code: string }>>(
      'GET',
      `/functions/${fn.id}/versions`,
    );
    expect(versions.map((v) => v.version_number)).toEqual([3, 2, 1]);
    expect(versions[0]?.code).toBe(template.code);
    expect(versions[1]?.code).toBe(FIXED);
  });

  it('lists the function with its status, triggers, version and last run', async () => {
    await d.nav('Functions').click();
    const row = d.page.getByTestId('functions-list').getByRole('row', { name: /greet/ });
    await row.getByText('v3').waitFor();
    await row.getByText('active').waitFor();
    await row.getByText('HTTP GET, POST').waitFor();
    const lastRun = d.page.getByTestId('last-run-greet');
    await lastRun.getByText('success').waitFor();
    expect(await lastRun.textContent()).toMatch(/ago/);
    await d.shot('functions-11-list');
  });
});
