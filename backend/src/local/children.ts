import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export type ChildSpec = {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
};

export type RunningChild = {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code once the child has exited, whatever the reason. */
  exited: Promise<number | null>;
  stop(graceMs?: number): Promise<void>;
};

/** Spawns a child whose output is prefixed with its name, so the supervisor's terminal stays legible. */
export function spawnChild(spec: ChildSpec, write: (line: string) => void): RunningChild {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => write(`[${spec.name}] ${line}`));
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.once('error', (err) => {
      write(`[${spec.name}] could not start: ${err.message}`);
      resolve(null);
    });
  });
  return {
    name: spec.name,
    process: child,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
