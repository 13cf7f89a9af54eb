export const description = 'Answers HTTP requests';
export const triggers: SelfDBTrigger[] = [{ type: 'http', method: ['GET', 'POST'] }];

export default async function handler(req: Request, ctx: SelfDBContext) {
  const body = req.method === 'POST' ? await req.json().catch(() => null) : null;
  return { message: 'Hello from SelfDB', user: ctx.user?.email ?? null, received: body };
}
