export const description = 'Reacts to new and changed rows';
export const triggers: SelfDBTrigger[] = [
  { type: 'database', table: 'orders', operations: ['INSERT', 'UPDATE'] },
];

export default function handler(_req: Request, ctx: SelfDBContext) {
  if (ctx.trigger.type !== 'database') return;
  console.log(`${ctx.trigger.operation} on ${ctx.trigger.table}`, ctx.trigger.data);
  return { handled: true };
}
