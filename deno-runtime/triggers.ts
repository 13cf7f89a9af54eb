import type { BackendClient } from './backend-client.ts';
import type { LoadedFunction, Registry } from './registry.ts';

/** An event that fires functions without an HTTP caller: a custom event or a database change. */
export type FiredEvent =
  | { type: 'event'; event: string; data: unknown }
  | { type: 'database'; table: string; operation: string; data: unknown; old_data: unknown };

/** The functions whose triggers match the event (only active, loaded ones are in the registry). */
export function matching(registry: Registry, fired: FiredEvent): LoadedFunction[] {
  return registry.all().filter((fn) =>
    fn.meta?.triggers.some((t) => {
      if (fired.type === 'event') return t.type === 'event' && t.event === fired.event;
      return (
        t.type === 'database' &&
        t.table === fired.table &&
        (t.operations as string[]).includes(fired.operation.toUpperCase())
      );
    }),
  );
}

/**
 * Runs a function for a non-HTTP trigger: a real POST Request whose JSON body is the event, with
 * header X-Trigger-Type (API.md §8). Resolves with the function's response body once it is over.
 */
export async function runTriggered(
  registry: Registry,
  fn: LoadedFunction,
  trigger: { type: string; [key: string]: unknown },
  event: unknown,
): Promise<{ status: number | null; body: string }> {
  try {
    const { response, outcome } = await registry.run(fn, {
      method: 'POST',
      url: `http://runtime/${fn.name}`,
      headers: new Headers({ 'content-type': 'application/json', 'x-trigger-type': trigger.type }),
      body: new Response(JSON.stringify(event)).body,
      trigger,
      user: null,
    });
    const body = await response.text().catch(() => '');
    await outcome;
    return { status: response.status, body };
  } catch {
    return { status: null, body: '' };
  }
}

/** Fires every function that listens for the event; they run in the background. */
export function dispatch(registry: Registry, fired: FiredEvent): string[] {
  const fns = matching(registry, fired);
  for (const fn of fns) void runTriggered(registry, fn, fired, fired);
  return fns.map((fn) => fn.name);
}

const RUN_ONCE_DELAYS_MS = [0, 5_000, 30_000, 120_000, 600_000];

/**
 * `runOnce`: after each new version loads, run it until it returns {success: true}, at most five
 * attempts spread over about 13 minutes. Each attempt is claimed through the backend, so with several
 * runtimes up exactly one of them runs it.
 */
export async function runOnce(registry: Registry, backend: BackendClient, fn: LoadedFunction): Promise<void> {
  for (const [attempt, delay] of RUN_ONCE_DELAYS_MS.entries()) {
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (registry.get(fn.name) !== fn) return; // replaced or removed meanwhile
    const claimed = await backend.claim(fn.name, `once:${fn.hash}:${attempt}`).catch(() => false);
    if (!claimed) return;
    const { body } = await runTriggered(
      registry,
      fn,
      { type: 'once', attempt: attempt + 1 },
      { attempt: attempt + 1 },
    );
    try {
      if ((JSON.parse(body) as { success?: unknown }).success === true) return;
    } catch {
      // not JSON: not a success
    }
  }
}
