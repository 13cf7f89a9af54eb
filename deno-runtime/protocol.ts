/**
 * How the runtime and a function's host process talk. The runtime sends HTTP over a Unix socket
 * that only it and that host may open; the host answers on stdout with lines that start with
 * MARKER followed by one JSON message. Everything else a function prints is treated as its output.
 */
export const MARKER = '\u001eselfdb:';

/** Request headers the runtime sets for the host; they are removed before the function sees the request. */
export const HEADER = {
  execution: 'x-selfdb-execution',
  trigger: 'x-selfdb-trigger',
  user: 'x-selfdb-user',
  url: 'x-selfdb-url',
} as const;

export type LogLine = { level: 'debug' | 'info' | 'log' | 'warn' | 'error'; message: string; at: string };

/** What the host writes on stdout. */
export type HostMessage =
  | { t: 'ready'; meta: import('./module-meta.ts').FunctionMeta }
  | { t: 'load-error'; errors: string[] }
  | { t: 'done'; id: string; logs: LogLine[]; error: string | null }
  | { t: 'log'; id: string; log: LogLine };

/** What the runtime writes to the host's stdin, once, before anything else. */
export type HostConfig = { name: string; env: Record<string, string> };

export function encode(message: HostMessage): string {
  return `${MARKER}${JSON.stringify(message)}\n`;
}

/** The most a single execution keeps of its console output (lines, and characters per line). */
export const LOG_LIMITS = { lines: 200, chars: 8000 } as const;
