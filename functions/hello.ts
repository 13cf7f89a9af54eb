// An HTTP function: GET or POST /api/v1/functions/invoke/hello (with the anon key or a user token).
export const description = 'Says hello to the caller';
export const triggers: SelfDBTrigger[] = [{ type: 'http', method: ['GET', 'POST'] }];

export default function handler(req: Request, ctx: SelfDBContext) {
  const name = new URL(req.url).searchParams.get('name') ?? ctx.user?.email ?? 'world';
  return { message: `Hello, ${name}!` };
}
// selfdb:managed version=1 settings=1
