/**
 * One function's process. Started by the runtime with the function's own Deno permissions
 * (network; read of the functions folder; the host's socket) and an empty environment, so the
 * function can see neither the host environment nor files outside its folder. It imports the
 * module once, then serves invocations on the Unix socket for as long as the runtime keeps it.
 *
 * Usage: function-host.ts <module URL> <socket path>; stdin carries one line of HostConfig.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { describeLoadError, describeModule } from './module-meta.ts';
import { encode, HEADER, type HostConfig, type HostMessage, LOG_LIMITS, type LogLine } from './protocol.ts';

const [moduleUrl, socketPath] = Deno.args;
if (!moduleUrl || !socketPath) throw new Error('usage: function-host.ts <module URL> <socket path>');

function write(message: HostMessage): void {
  const bytes = new TextEncoder().encode(encode(message));
  for (let done = 0; done < bytes.length; ) done += Deno.stdout.writeSync(bytes.subarray(done));
}

const config = await readConfig();
type Execution = { id: string; logs: LogLine[]; dropped: number; finished: boolean };
const current = new AsyncLocalStorage<Execution>();
captureConsole();

let mod: Record<string, unknown>;
try {
  mod = await import(moduleUrl);
} catch (err) {
  write({ t: 'load-error', errors: [describeLoadError(err, moduleUrl)] });
  Deno.exit(1);
}
const described = describeModule(mod);
if (!described.ok) {
  write({ t: 'load-error', errors: described.errors });
  Deno.exit(1);
}
const handler = mod.default as (req: Request, ctx: unknown) => unknown;

Deno.serve({ path: socketPath, onListen: () => write({ t: 'ready', meta: described.meta }) }, (request) => {
  const execution: Execution = {
    id: request.headers.get(HEADER.execution) ?? crypto.randomUUID(),
    logs: [],
    dropped: 0,
    finished: false,
  };
  return current.run(execution, () => invoke(request, execution));
});

async function invoke(request: Request, execution: Execution): Promise<Response> {
  const trigger = parseHeader(request, HEADER.trigger) ?? { type: 'http' };
  const user = parseHeader(request, HEADER.user) ?? null;
  const headers = new Headers(request.headers);
  for (const name of Object.values(HEADER)) headers.delete(name);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const req = new Request(request.headers.get(HEADER.url) ?? request.url, {
    method: request.method,
    headers,
    body: hasBody ? request.body : null,
  });
  const ctx = { env: { ...config.env }, trigger, user, callBackend };
  let response: Response;
  let error: string | null = null;
  try {
    response = toResponse(await handler(req, ctx));
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : `thrown: ${String(err)}`;
    console.error(err instanceof Error && err.stack ? err.stack : String(err));
    response = Response.json(
      { detail: 'The function failed; see its logs', code: 'FUNCTION_FAILED' },
      { status: 500 },
    );
  }
  execution.finished = true;
  if (execution.dropped > 0) execution.logs.push(line('warn', `(${execution.dropped} more lines dropped)`));
  write({ t: 'done', id: execution.id, logs: execution.logs, error });
  return response;
}

/** Plain data becomes JSON; `undefined` is 204. What JSON cannot carry is the function's error. */
function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  let body: string | undefined;
  try {
    body = JSON.stringify(result);
  } catch (err) {
    throw new TypeError(
      `the function returned a value that is not JSON-serialisable (${(err as Error).message})`,
    );
  }
  if (body === undefined) throw new TypeError('the function returned a value that is not JSON-serialisable');
  return new Response(body, { headers: { 'content-type': 'application/json' } });
}

/** Calls the SelfDB API with the anon key; a path without /api/ is taken under /api/v1. */
function callBackend(path: string, init: RequestInit = {}): Promise<Response> {
  const base = config.env.SELFDB_API_URL ?? 'http://localhost:8000';
  const url = `${base.replace(/\/+$/, '')}${path.startsWith('/api/') ? '' : '/api/v1'}${path}`;
  const headers = new Headers(init.headers);
  if (!headers.has('apikey') && config.env.ANON_KEY) headers.set('apikey', config.env.ANON_KEY);
  return fetch(url, { ...init, headers });
}

function parseHeader(request: Request, name: string): unknown {
  const value = request.headers.get(name);
  if (!value) return undefined;
  try {
    return JSON.parse(decodeURIComponent(value));
  } catch {
    return undefined;
  }
}

function line(level: LogLine['level'], message: string): LogLine {
  return { level, message: message.slice(0, LOG_LIMITS.chars), at: new Date().toISOString() };
}

/** Console output is kept per execution (followed through awaits); outside one it goes to stderr. */
function captureConsole(): void {
  const levels: LogLine['level'][] = ['debug', 'info', 'log', 'warn', 'error'];
  for (const level of levels) {
    const fallback = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const execution = current.getStore();
      if (!execution) return fallback(...args);
      const text = args.map((a) => (typeof a === 'string' ? a : Deno.inspect(a))).join(' ');
      const entry = line(level, text);
      if (execution.finished) write({ t: 'log', id: execution.id, log: entry });
      else if (execution.logs.length < LOG_LIMITS.lines) execution.logs.push(entry);
      else execution.dropped++;
    };
  }
}

async function readConfig(): Promise<HostConfig> {
  const reader = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!text.includes('\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  reader.releaseLock();
  return JSON.parse(text.split('\n')[0] ?? '{}') as HostConfig;
}
