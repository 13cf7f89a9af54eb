import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/app-error.js';

/** deno-runtime/, next to backend/ in a checkout and in the backend image. */
export const DENO_RUNTIME_DIR = fileURLToPath(new URL('../../../deno-runtime/', import.meta.url));

/**
 * The `deno` binary from the `deno` npm package. Its install script links the platform package's
 * binary to node_modules/deno/deno; where install scripts did not run, the platform package
 * (an optional dependency, e.g. @deno/linux-x64-glibc) still holds it.
 */
export function denoBinary(): string {
  const require = createRequire(import.meta.url);
  const exe = process.platform === 'win32' ? 'deno.exe' : 'deno';
  const linked = path.join(path.dirname(require.resolve('deno/package.json')), exe);
  if (existsSync(linked)) return linked;
  const libc = process.platform === 'linux' ? '-glibc' : '';
  const platformPackage = `@deno/${process.platform}-${process.arch}${libc}`;
  return path.join(path.dirname(require.resolve(`${platformPackage}/package.json`)), exe);
}

export type DenoResult = { code: number | null; stdout: string; stderr: string; timedOut: boolean };

/**
 * Runs the deno binary on code that may be hostile: an environment with nothing of the backend's
 * (no secrets), a time limit after which the process is killed (`timedOut`), and output capped.
 */
export function runDeno(args: string[], options: { cwd: string; timeoutMs?: number }): Promise<DenoResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const child = spawn(denoBinary(), args, {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        ...(process.env.DENO_DIR ? { DENO_DIR: process.env.DENO_DIR } : {}),
        DENO_NO_UPDATE_CHECK: '1',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const LIMIT = 5_000_000;
    child.stdout.on('data', (chunk) => {
      if (stdout.length < LIMIT) stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      if (stderr.length < LIMIT) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new AppError('DENO_UNAVAILABLE', `The deno binary could not run: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut: signal === 'SIGKILL' });
    });
  });
}

/** Writes `code` as a module in a fresh temporary folder, runs `task`, and removes the folder. */
export async function withTempModule<T>(
  code: string,
  task: (dir: string, file: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'selfdb-fn-'));
  try {
    const file = path.join(dir, 'function.ts');
    await writeFile(file, code);
    // An ES module even when no import or export says so (see ARCHITECTURE §6).
    await writeFile(path.join(dir, 'package.json'), '{"type":"module"}\n');
    return await task(dir, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * How the function runtime (deno-runtime/main.ts) is started outside Docker: by native mode's
 * supervisor and by the tests. It may spawn only the deno binary (for the functions' processes).
 */
export function runtimeCommand(): { command: string; args: string[] } {
  const deno = denoBinary();
  return {
    command: deno,
    args: [
      'run',
      '--no-prompt',
      '--allow-env',
      '--allow-net',
      '--allow-read',
      '--allow-write',
      `--allow-run=${deno}`,
      path.join(DENO_RUNTIME_DIR, 'main.ts'),
    ],
  };
}
