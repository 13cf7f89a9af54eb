import { describe, expect, it } from 'vitest';
import { eventually, startFunctionsStack } from './support/functions.js';

/**
 * Schedule triggers with two runtimes on one folder, as in a deployment with several. The clock
 * runs fast (one cron minute per real second, SELFDB_CRON_MINUTE_MS), the same on both runtimes.
 */
const stack = await startFunctionsStack({ runtimes: 2, runtimeEnv: { SELFDB_CRON_MINUTE_MS: '1000' } });
const { app } = stack;

describe('schedule triggers with two runtimes up', () => {
  it('run a `* * * * *` function exactly once per minute', async () => {
    const fn = await stack.deploy(
      'every-minute',
      `export const triggers = [{ type: 'schedule', cron: '* * * * *' }];
       export default (_req: Request, ctx: any) => { console.log(ctx.trigger.scheduled_at); return { ok: true }; };`,
    );
    await new Promise((r) => setTimeout(r, 5500));
    const logs = await eventually(async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/functions/${fn.id}/logs?limit=1000`,
        headers: stack.superuser.headers,
      });
      const list = res.json() as Array<{ message: string }>;
      expect(list.length).toBeGreaterThanOrEqual(4);
      return list;
    });
    const minutes = logs.map((l) => l.message);
    // One run per scheduled minute, and consecutive minutes: none skipped, none run twice.
    expect(new Set(minutes).size).toBe(minutes.length);
    const sorted = minutes.map((m) => Date.parse(m)).sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect((sorted[i] ?? 0) - (sorted[i - 1] ?? 0)).toBe(60_000);
    expect(minutes.length).toBeLessThanOrEqual(6);

    const executions = await app.inject({
      method: 'GET',
      url: `/api/v1/functions/${fn.id}/executions`,
      headers: stack.superuser.headers,
    });
    expect(executions.json().every((e: { trigger: string }) => e.trigger === 'schedule')).toBe(true);
  });

  it('stop when the function is deactivated', async () => {
    const fn = await stack.deploy(
      'paused',
      `export const triggers = [{ type: 'schedule', cron: '* * * * *' }]; export default () => ({ ok: true });`,
      { is_active: false },
    );
    await new Promise((r) => setTimeout(r, 2500));
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/functions/${fn.id}/executions`,
      headers: stack.superuser.headers,
    });
    expect(res.json()).toEqual([]);
  });
});
