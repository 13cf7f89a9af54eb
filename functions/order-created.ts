// A database trigger: runs for each row inserted into the table `orders`.
export const description = 'Logs every new order';
export const triggers: SelfDBTrigger[] = [{ type: 'database', table: 'orders', operations: ['INSERT'] }];

export default function handler(_req: Request, ctx: SelfDBContext) {
  if (ctx.trigger.type !== 'database') return;
  console.log('new order', ctx.trigger.data);
  return { logged: true };
}
// selfdb:managed version=1 settings=1
