export const description = 'Runs once after each deploy, until it succeeds';
export const triggers: SelfDBTrigger[] = [];
export const runOnce = true;

export default async function handler(_req: Request, ctx: SelfDBContext) {
  const res = await ctx.callBackend('/health');
  await res.body?.cancel();
  // Returning {success: true} stops the retries.
  return { success: res.ok };
}
