import type { Authenticator } from './auth.ts';
import { errorResponse } from './function-process.ts';
import type { LoadedFunction, Registry } from './registry.ts';
import { dispatch } from './triggers.ts';

/** The runtime's HTTP routes (API.md §8, "The runtime"). */
export function handler(
  registry: Registry,
  auth: Authenticator,
): (request: Request) => Response | Promise<Response> {
  const internal = (request: Request, route: () => Promise<Response> | Response) =>
    auth.isInternal(request)
      ? route()
      : errorResponse(401, 'INVALID_RUNTIME_KEY', 'This route needs the X-Runtime-Key header');

  return (request) => {
    const url = new URL(request.url);
    const [first = '', ...rest] = url.pathname.split('/').slice(1);
    const name = decodeURIComponent(first);
    const method = request.method;

    if (name === 'health' && rest.length === 0 && method === 'GET') {
      const all = registry.all();
      return Response.json({
        status: 'ok',
        functions: all.length,
        failed: all.filter((fn) => fn.loadError).map((fn) => fn.name),
      });
    }
    if (name === 'functions' && rest.length === 0 && method === 'GET') {
      return internal(request, () => Response.json(registry.all().map(describe)));
    }
    if (name === 'function-status' && rest.length === 1 && method === 'GET') {
      return internal(request, () => {
        const fn = registry.get(decodeURIComponent(rest[0] ?? ''));
        return fn ? Response.json(describe(fn)) : notFound();
      });
    }
    if (name === 'reload' && rest.length === 0 && method === 'POST') {
      return internal(request, async () => {
        const body = (await request.json().catch(() => ({}))) as { name?: unknown };
        await registry.scan(typeof body.name === 'string' ? body.name : undefined);
        return Response.json({ functions: registry.all().length });
      });
    }
    if (name === 'emit-event' && rest.length === 0 && method === 'POST') {
      return internal(request, async () => {
        const body = (await request.json().catch(() => null)) as { event?: unknown; data?: unknown } | null;
        if (typeof body?.event !== 'string' || body.event === '') {
          return errorResponse(400, 'BAD_REQUEST', 'The body must be {"event": "<name>", "data"?: ...}');
        }
        const functions = dispatch(registry, { type: 'event', event: body.event, data: body.data ?? null });
        return Response.json({ event: body.event, functions }, { status: 202 });
      });
    }
    if (name === 'database-change' && rest.length === 0 && method === 'POST') {
      return internal(request, async () => {
        const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
        const operation = String(body?.operation ?? '').toUpperCase();
        if (typeof body?.table !== 'string' || !['INSERT', 'UPDATE', 'DELETE'].includes(operation)) {
          return errorResponse(
            400,
            'BAD_REQUEST',
            'The body must be {"table", "operation": "INSERT"|"UPDATE"|"DELETE", "data", "old_data"}',
          );
        }
        const functions = dispatch(registry, {
          type: 'database',
          table: body.table,
          operation,
          data: body.data ?? null,
          old_data: body.old_data ?? null,
        });
        return Response.json({ functions }, { status: 202 });
      });
    }
    return invoke(request, url, name, registry, auth);
  };
}

async function invoke(
  request: Request,
  url: URL,
  name: string,
  registry: Registry,
  auth: Authenticator,
): Promise<Response> {
  const caller = await auth.resolve(request, url);
  if (!caller.ok) return errorResponse(caller.status, caller.code, caller.detail);
  const fn = registry.get(name);
  if (!fn) return notFound();
  if (!fn.meta) return errorResponse(500, 'FUNCTION_FAILED', `The function failed to load: ${fn.loadError}`);
  const http = fn.meta.triggers.filter((t) => t.type === 'http');
  if (http.length === 0) {
    return errorResponse(405, 'METHOD_NOT_ALLOWED', 'This function has no HTTP trigger', { allow: '' });
  }
  const anyMethod = http.some((t) => !t.method);
  const allowed = new Set(http.flatMap((t) => t.method ?? []));
  if (allowed.has('GET')) allowed.add('HEAD');
  if (!anyMethod && !allowed.has(request.method as never)) {
    return errorResponse(405, 'METHOD_NOT_ALLOWED', `This function does not accept ${request.method}`, {
      allow: [...allowed].join(', '),
    });
  }
  const headers = new Headers(request.headers);
  headers.delete('x-runtime-key');
  headers.delete('x-selfdb-user');
  try {
    const { response } = await registry.run(fn, {
      method: request.method,
      url: url.href,
      headers,
      body: request.body,
      trigger: { type: 'http', method: request.method, path: url.pathname },
      user: caller.user,
    });
    return response;
  } catch (err) {
    return errorResponse(500, 'FUNCTION_FAILED', `The function could not start: ${(err as Error).message}`);
  }
}

function describe(fn: LoadedFunction) {
  return {
    name: fn.name,
    description: fn.meta?.description ?? null,
    triggers: fn.meta?.triggers ?? [],
    runOnce: fn.meta?.runOnce ?? false,
    timeout_ms: fn.timeoutMs,
    status: fn.status,
  };
}

function notFound(): Response {
  return errorResponse(404, 'FUNCTION_NOT_FOUND', 'Function not found');
}
