import type { RuntimeConfig } from './config.ts';
import type { LogLine } from './protocol.ts';

/** What the backend stores about one run of a function (API.md §8, executions and logs). */
export type ExecutionReport = {
  id: string;
  function: string;
  trigger: string;
  status: 'success' | 'error' | 'timeout';
  status_code: number | null;
  started_at: string;
  duration_ms: number;
  error: string | null;
  logs: LogLine[];
};

export type FunctionSettings = { timeout_ms: number | null; env: Record<string, string> };

/**
 * The runtime's calls to the backend's internal routes (`/api/v1/functions/runtime/*`), each
 * carrying the internal key. The backend owns the database; the runtime never connects to it.
 */
export class BackendClient {
  constructor(private readonly config: RuntimeConfig) {}

  /** The function's env vars and timeout; null when the backend does not know the function. */
  async settings(name: string): Promise<FunctionSettings | null> {
    const res = await this.#call('GET', `/settings/${encodeURIComponent(name)}`);
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) throw new Error(`the backend answered ${res.status} for the settings of ${name}`);
    return (await res.json()) as FunctionSettings;
  }

  /**
   * Claims a run (a cron minute, a runOnce attempt) for one runtime in the whole cluster: the
   * backend records the claim under a unique key, so only the first runtime to ask gets true.
   */
  async claim(name: string, slot: string): Promise<boolean> {
    const res = await this.#call('POST', '/claims', { function: name, slot });
    if (!res.ok) throw new Error(`the backend answered ${res.status} to a claim`);
    return ((await res.json()) as { claimed: boolean }).claimed;
  }

  async report(execution: ExecutionReport): Promise<void> {
    const res = await this.#call('POST', '/executions', execution);
    await res.body?.cancel();
    if (!res.ok && res.status !== 404) throw new Error(`the backend answered ${res.status} to a report`);
  }

  #call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.config.apiUrl}/api/v1/functions/runtime${path}`, {
      method,
      headers: {
        'x-runtime-key': this.config.runtimeKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  }
}
