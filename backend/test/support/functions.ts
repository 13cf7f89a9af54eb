import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { type FunctionRuntime, startFunctionRuntime } from '../../src/local/function-runtime.js';
import { freePort } from '../../src/local/ports.js';
import { buildTestApp, type TestApp } from './app.js';
import { createTestUser, type TestUser } from './users.js';

export type FunctionsStack = TestApp & {
  dir: string;
  apiUrl: string;
  runtimes: FunctionRuntime[];
  superuser: TestUser;
  deploy(
    name: string,
    code: string,
    fields?: Record<string, unknown>,
  ): Promise<{ id: string; [k: string]: unknown }>;
};

/**
 * The API listening on loopback (the runtime reports to it over HTTP) and `runtimes` real function
 * runtimes on one temporary functions folder, as in a deployment with several runtimes.
 */
export async function startFunctionsStack(
  options: { runtimes?: number; runtimeEnv?: Record<string, string> } = {},
): Promise<FunctionsStack> {
  const dir = await mkdtemp(path.join(tmpdir(), 'selfdb-test-functions-'));
  const runtimePort = await freePort();
  const testApp = await buildTestApp({
    env: { FUNCTIONS_DIR: dir, DENO_RUNTIME_URL: `http://127.0.0.1:${runtimePort}` },
  });
  const { app, config } = testApp;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const runtimes: FunctionRuntime[] = [];
  for (let i = 0; i < (options.runtimes ?? 1); i++) {
    runtimes.push(
      await startFunctionRuntime({
        functionsDir: dir,
        apiUrl,
        runtimeKey: config.functions.runtimeKey,
        anonKey: config.auth.anonKey,
        secretKey: config.auth.secretKey,
        port: i === 0 ? runtimePort : undefined,
        env: options.runtimeEnv,
      }),
    );
  }
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const superuser = await createTestUser(app, { is_superuser: true });
  return {
    ...testApp,
    dir,
    apiUrl,
    runtimes,
    superuser,
    async deploy(name, code, fields = {}) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/functions',
        headers: superuser.headers,
        payload: { name, code, ...fields },
      });
      if (res.statusCode !== 201) throw new Error(`deploy of ${name} failed: ${res.statusCode} ${res.body}`);
      return res.json();
    },
  };
}

/** Retries `check` until it stops throwing (reports arrive after the response), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
