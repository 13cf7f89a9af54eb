// A scheduled function: runs at 03:00 UTC every day and reports the API's health.
export const description = 'Nightly housekeeping example';
export const triggers: SelfDBTrigger[] = [{ type: 'schedule', cron: '0 3 * * *' }];

export default async function handler(_req: Request, ctx: SelfDBContext) {
  const res = await ctx.callBackend('/health');
  console.log('API health at', new Date().toISOString(), res.status);
  await res.body?.cancel();
  return { ok: res.ok };
}
// selfdb:managed version=1 settings=1
