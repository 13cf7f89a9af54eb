import type { Config } from '../config.js';

/** The backend's calls to the runtime's internal routes (API.md §8, "The runtime"). */
export class RuntimeClient {
  constructor(private readonly config: Config['functions']) {}

  get url(): string {
    return this.config.runtimeUrl;
  }

  async health(): Promise<unknown> {
    const res = await fetch(`${this.config.runtimeUrl}/health`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`the function runtime answered ${res.status}`);
    return res.json();
  }

  /**
   * Asks the runtime to rescan the folder now (it also watches it), so a function deployed or
   * changed answers as soon as the API call that changed it returns. Best effort: a runtime that
   * is down loads the folder when it starts.
   */
  async reload(name?: string): Promise<boolean> {
    try {
      const res = await fetch(`${this.config.runtimeUrl}/reload`, {
        method: 'POST',
        headers: { 'x-runtime-key': this.config.runtimeKey, 'content-type': 'application/json' },
        body: JSON.stringify(name ? { name } : {}),
        signal: AbortSignal.timeout(20_000),
      });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  /** Fires the `database` triggers of a committed change; throws if the runtime did not take it. */
  async databaseChange(change: {
    table: string;
    operation: string;
    data: unknown;
    old_data: unknown;
  }): Promise<void> {
    const res = await fetch(`${this.config.runtimeUrl}/database-change`, {
      method: 'POST',
      headers: { 'x-runtime-key': this.config.runtimeKey, 'content-type': 'application/json' },
      body: JSON.stringify(change),
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`the function runtime answered ${res.status} to a database change`);
  }
}
