export const description = 'Runs every five minutes';
export const triggers: SelfDBTrigger[] = [{ type: 'schedule', cron: '*/5 * * * *' }];

export default function handler(_req: Request, ctx: SelfDBContext) {
  const trigger = ctx.trigger.type === 'schedule' ? ctx.trigger : null;
  console.log('scheduled run for', trigger?.scheduled_at);
  return { ok: true };
}
