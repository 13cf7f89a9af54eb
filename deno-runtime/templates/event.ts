export const description = 'Runs when an event is emitted';
export const triggers: SelfDBTrigger[] = [{ type: 'event', event: 'user.created' }];

export default function handler(_req: Request, ctx: SelfDBContext) {
  if (ctx.trigger.type !== 'event') return;
  console.log('event', ctx.trigger.event, ctx.trigger.data);
  return { handled: true };
}
