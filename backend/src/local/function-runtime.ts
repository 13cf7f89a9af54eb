import { type ChildProcess, spawn } from 'node:child_process';
import { runtimeCommand } from '../functions/deno.js';
import { freePort } from './ports.js';

export type FunctionRuntime = {
  url: string;
  output(): string;
  stop(): Promise<void>;
};

/**
 * The function runtime (deno-runtime/main.ts, the `deno` npm package's binary) as a child process on
 * a free loopback port over a given functions folder, reporting to `apiUrl`: for the tests, the
 * benchmarks and the browser tests (native mode's supervisor starts its own, supervised).
 */
export async function startFunctionRuntime(options: {
  functionsDir: string;
  apiUrl: string;
  runtimeKey: string;
  anonKey: string;
  secretKey: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<FunctionRuntime> {
  const port = options.port ?? (await freePort());
  const { command, args } = runtimeCommand();
  const child: ChildProcess = spawn(command, args, {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DENO_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
      DENO_HOST: '127.0.0.1',
      DENO_PORT: String(port),
      FUNCTIONS_DIR: options.functionsDir,
      RUNTIME_KEY: options.runtimeKey,
      ANON_KEY: options.anonKey,
      SECRET_KEY: options.secretKey,
      SELFDB_API_URL: options.apiUrl,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the function runtime exited:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the function runtime did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
