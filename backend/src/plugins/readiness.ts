import fp from 'fastify-plugin';

type Check = () => Promise<unknown>;
export type CheckResult = { status: 'ok' | 'error'; latency_ms: number; error?: string };

const CHECK_TIMEOUT_MS = 3000;

/** Dependencies register a check here; `/health/ready` runs them all, in parallel, each bounded in time. */
export class Readiness {
  readonly #checks = new Map<string, Check>();

  register(name: string, check: Check): void {
    this.#checks.set(name, check);
  }

  async runOne(name: string): Promise<CheckResult> {
    const check = this.#checks.get(name);
    if (!check) throw new Error(`no readiness check named ${name}`);
    return timed(check);
  }

  async run(): Promise<Record<string, CheckResult>> {
    const entries = await Promise.all(
      [...this.#checks].map(async ([name, check]) => [name, await timed(check)] as const),
    );
    return Object.fromEntries(entries);
  }
}

async function timed(check: Check): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'ok', latency_ms: Math.round(performance.now() - started) };
  } catch (err) {
    return {
      status: 'error',
      latency_ms: Math.round(performance.now() - started),
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    clearTimeout(timer);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness;
  }
}

export const readinessPlugin = fp(
  async (app) => {
    app.decorate('readiness', new Readiness());
  },
  { name: 'readiness' },
);
