import type { BackendClient } from './backend-client.ts';
import { cronMatches, parseCron } from './cron.ts';
import type { Registry } from './registry.ts';
import { runTriggered } from './triggers.ts';

/**
 * Fires schedule triggers at each minute boundary. Every runtime ticks, and each asks the backend
 * to claim "<function> at <minute>": one claim succeeds cluster-wide, so a function runs once per
 * scheduled minute however many runtimes are up. If the backend cannot be reached, nothing runs
 * (a missed run rather than a double one).
 *
 * `minuteMs` lets tests run the clock fast: cron time = wall time × 60000 / minuteMs, the same on
 * every runtime, so their minutes line up.
 */
export class Scheduler {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly registry: Registry,
    private readonly backend: BackendClient,
    private readonly minuteMs: number,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#stopped) return;
    const now = Date.now();
    const next = (Math.floor(now / this.minuteMs) + 1) * this.minuteMs;
    this.#timer = setTimeout(() => {
      this.#tick(next);
      this.#schedule();
    }, next - now);
  }

  #tick(realMs: number): void {
    const minute = new Date(Math.round((realMs / this.minuteMs) * 60_000));
    for (const fn of this.registry.all()) {
      for (const trigger of fn.meta?.triggers ?? []) {
        if (trigger.type !== 'schedule' || !cronMatches(parseCron(trigger.cron), minute)) continue;
        const slot = `cron:${minute.toISOString()}`;
        void this.backend
          .claim(fn.name, slot)
          .then((claimed) => {
            if (!claimed) return;
            const fired = { type: 'schedule', cron: trigger.cron, scheduled_at: minute.toISOString() };
            return runTriggered(this.registry, fn, fired, fired);
          })
          .catch((err) => this.log(`[runtime] schedule of ${fn.name} skipped: ${err.message}`));
        break;
      }
    }
  }
}
