import type { ExecutionReport } from './backend-client.ts';
import type { FunctionMeta } from './module-meta.ts';
import { HEADER, type HostConfig, type HostMessage, type LogLine, MARKER } from './protocol.ts';

export type Caller = { id: string; email: string; is_superuser: boolean } | null;

/** One invocation, whatever fired it. */
export type RunInput = {
  method: string;
  /** Path and query as the function's URL has them. */
  url: string;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
  trigger: { type: string; [key: string]: unknown };
  user: Caller;
  timeoutMs: number;
};

export type Outcome = Omit<ExecutionReport, 'function' | 'trigger'>;

export type ProcessOptions = {
  name: string;
  moduleUrl: string;
  functionsDir: string;
  socketDir: string;
  memoryMb: number;
  env: Record<string, string>;
  /** Where the function's stray output (not console calls during a run) goes. */
  log: (line: string) => void;
};

const HOST_SCRIPT = new URL('./function-host.ts', import.meta.url).pathname;
const LOAD_TIMEOUT_MS = 15_000;

/**
 * A function's own Deno process (see function-host.ts): the unit of isolation. A run that outlives
 * its timeout kills the process, which is the only way to stop a function stuck in a loop; runs of
 * the same function in flight at that moment fail with it, other functions are untouched.
 */
export class FunctionProcess {
  readonly #child: Deno.ChildProcess;
  readonly #client: Deno.HttpClient;
  readonly #socketPath: string;
  readonly #waiting = new Map<string, (message: Extract<HostMessage, { t: 'done' }> | null) => void>();
  readonly #late = new Map<string, LogLine[]>();
  #exitReason: string | null = null;
  #dead = false;
  #inFlight = 0;
  #retired = false;
  readonly exited: Promise<void>;
  meta: FunctionMeta | null = null;

  private constructor(options: ProcessOptions, onMessage: (m: HostMessage) => void) {
    this.#socketPath = `${options.socketDir}/${options.name}-${crypto.randomUUID().slice(0, 8)}.sock`;
    this.#child = new Deno.Command(Deno.execPath(), {
      args: [
        'run',
        '--no-prompt',
        '--no-config',
        `--v8-flags=--max-old-space-size=${options.memoryMb}`,
        '--allow-net',
        '--deny-net=169.254.169.254',
        `--allow-read=${options.functionsDir},${this.#socketPath}`,
        `--allow-write=${this.#socketPath}`,
        HOST_SCRIPT,
        options.moduleUrl,
        this.#socketPath,
      ],
      clearEnv: true,
      env: { DENO_DIR: denoDir(), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      cwd: options.functionsDir,
      stdin: 'piped',
      stdout: 'piped',
      stderr: 'piped',
    }).spawn();
    this.#client = Deno.createHttpClient({ proxy: { transport: 'unix', path: this.#socketPath } });
    void this.#readLines(this.#child.stdout, (line) => {
      if (!line.startsWith(MARKER)) return options.log(line);
      const message = JSON.parse(line.slice(MARKER.length)) as HostMessage;
      if (message.t === 'done') {
        this.#waiting.get(message.id)?.(message);
        this.#waiting.delete(message.id);
      } else if (message.t === 'log') {
        this.#late.get(message.id)?.push(message.log);
      }
      onMessage(message);
    });
    const stderrDone = this.#readLines(this.#child.stderr, (line) => {
      if (/out of memory/i.test(line))
        this.#exitReason ??= `ran out of memory (limit ${options.memoryMb} MB)`;
      options.log(line);
    });
    // The exit status can arrive before the last stderr lines: read them all before naming the cause.
    this.exited = Promise.all([this.#child.status, stderrDone.catch(() => undefined)]).then(([status]) => {
      this.#dead = true;
      this.#exitReason ??= status.signal
        ? `the function's process was stopped (${status.signal})`
        : `the function's process exited with code ${status.code}`;
      for (const resolve of this.#waiting.values()) resolve(null);
      this.#waiting.clear();
      this.#client.close();
      return Deno.remove(this.#socketPath).catch(() => undefined);
    });
  }

  /** Starts the process and imports the module; rejects with the module's problems. */
  static async start(options: ProcessOptions): Promise<FunctionProcess> {
    let settle!: (m: HostMessage | null) => void;
    const first = new Promise<HostMessage | null>((resolve) => {
      settle = resolve;
    });
    const proc = new FunctionProcess(options, (m) => {
      if (m.t === 'ready' || m.t === 'load-error') settle(m);
    });
    const config: HostConfig = { name: options.name, env: options.env };
    const writer = proc.#child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(`${JSON.stringify(config)}\n`)).catch(() => undefined);
    await writer.close().catch(() => undefined);
    void proc.exited.then(() => settle(null));
    const timer = setTimeout(() => proc.terminate('loading took too long'), LOAD_TIMEOUT_MS);
    const message = await first;
    clearTimeout(timer);
    if (message?.t === 'ready') {
      proc.meta = message.meta;
      return proc;
    }
    proc.terminate('failed to load');
    await proc.exited;
    throw new LoadError(
      message?.t === 'load-error' ? message.errors : [proc.#exitReason ?? 'failed to load'],
    );
  }

  get alive(): boolean {
    return !this.#dead;
  }

  terminate(reason: string): void {
    if (this.#dead) return;
    this.#exitReason = reason;
    try {
      this.#child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }

  /** Stops the process once the runs in flight have finished. */
  retire(): void {
    this.#retired = true;
    if (this.#inFlight === 0) this.terminate('replaced by a new version');
  }

  /** Sends one invocation; the outcome settles when the response body has been delivered. */
  async run(input: RunInput): Promise<{ response: Response; outcome: Promise<Outcome> }> {
    const id = crypto.randomUUID();
    const startedAt = new Date();
    const started = performance.now();
    this.#inFlight++;
    const done = new Promise<Extract<HostMessage, { t: 'done' }> | null>((resolve) => {
      this.#waiting.set(id, resolve);
    });
    this.#late.set(id, []);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.terminate(`timed out after ${input.timeoutMs} ms`);
    }, input.timeoutMs);

    let settle!: (outcome: Outcome) => void;
    const outcome = new Promise<Outcome>((resolve) => {
      settle = resolve;
    });
    let finished = false;
    const finish = async (statusCode: number | null, failure: string | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const duration = Math.round(performance.now() - started);
      // The host's summary (console output, the thrown error) may trail the response by a moment.
      const summary = await Promise.race([done, new Promise<null>((r) => setTimeout(() => r(null), 1000))]);
      this.#waiting.delete(id);
      const late = this.#late.get(id) ?? [];
      this.#late.delete(id);
      if (--this.#inFlight === 0 && this.#retired) this.terminate('replaced by a new version');
      const error = timedOut ? `timed out after ${input.timeoutMs} ms` : (failure ?? summary?.error ?? null);
      settle({
        id,
        status: timedOut ? 'timeout' : error ? 'error' : 'success',
        status_code: statusCode,
        started_at: startedAt.toISOString(),
        duration_ms: duration,
        error,
        logs: [...(summary?.logs ?? []), ...late],
      });
    };

    const headers = new Headers(input.headers);
    headers.set(HEADER.execution, id);
    headers.set(HEADER.trigger, encodeURIComponent(JSON.stringify(input.trigger)));
    headers.set(HEADER.user, encodeURIComponent(JSON.stringify(input.user)));
    headers.set(HEADER.url, input.url);
    let res: Response;
    try {
      res = await fetch(`http://function${new URL(input.url).pathname}${new URL(input.url).search}`, {
        client: this.#client,
        method: input.method,
        headers,
        body: input.body,
        redirect: 'manual',
      });
    } catch (err) {
      // A killed process fails the request a moment before its exit is observed.
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 200))]);
      const reason = timedOut
        ? null
        : ((this.#dead ? this.#exitReason : null) ??
          `the function could not be reached: ${(err as Error).message}`);
      const status = timedOut ? 504 : 500;
      void finish(status, reason);
      return {
        response: timedOut
          ? errorResponse(504, 'FUNCTION_TIMEOUT', `The function did not finish within ${input.timeoutMs} ms`)
          : errorResponse(500, 'FUNCTION_FAILED', 'The function failed; see its logs'),
        outcome,
      };
    }
    if (!res.body) {
      void finish(res.status, null);
      return { response: res, outcome };
    }
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const chunk = await reader.read();
          if (chunk.done) {
            controller.close();
            void finish(res.status, null);
          } else {
            controller.enqueue(chunk.value);
          }
        } catch (err) {
          controller.error(err);
          void finish(res.status, timedOut ? null : `the response failed: ${(err as Error).message}`);
        }
      },
      cancel(reason) {
        void reader.cancel(reason).catch(() => undefined);
        void finish(res.status, null);
      },
    });
    return { response: new Response(body, { status: res.status, headers: res.headers }), outcome };
  }

  async #readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
    let buffer = '';
    try {
      for await (const text of stream.pipeThrough(new TextDecoderStream())) {
        buffer += text;
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          onLine(buffer.slice(0, newline));
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
        }
      }
    } catch {
      // the process is gone
    }
    if (buffer) onLine(buffer);
  }
}

export class LoadError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
    this.name = 'LoadError';
  }
}

export function errorResponse(
  status: number,
  code: string,
  detail: string,
  headers: HeadersInit = {},
): Response {
  return Response.json({ detail, code }, { status, headers });
}

/** Where the function processes cache transpiled modules (Deno's default needs HOME, which they lack). */
function denoDir(): string {
  const home = Deno.env.get('HOME');
  return Deno.env.get('DENO_DIR') || (home ? `${home}/.cache/deno` : '/tmp/selfdb-deno-cache');
}
