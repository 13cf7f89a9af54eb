/**
 * The SelfDB function runtime: watches the functions folder, runs each function in its own
 * restricted Deno process, and serves invocations, schedules and events on DENO_PORT (8090).
 * It imports nothing remote, so it starts offline.
 *
 * deno run --allow-env --allow-net --allow-read --allow-write --allow-run main.ts
 */
import { Authenticator } from './auth.ts';
import { BackendClient } from './backend-client.ts';
import { loadConfig } from './config.ts';
import { Registry } from './registry.ts';
import { Scheduler } from './scheduler.ts';
import { handler } from './server.ts';
import { runOnce } from './triggers.ts';

const log = (line: string) => console.log(line);

const config = (() => {
  try {
    return loadConfig(Deno.env.toObject());
  } catch (err) {
    console.error(`The function runtime cannot start.\n${(err as Error).message}`);
    Deno.exit(1);
  }
})();

await Deno.mkdir(config.functionsDir, { recursive: true });
const socketDir = await Deno.makeTempDir({ prefix: 'selfdb-runtime-' });
const backend = new BackendClient(config);
const registry = new Registry(config, backend, socketDir, log, (fn) => {
  if (fn.meta?.runOnce) void runOnce(registry, backend, fn);
});
const scheduler = new Scheduler(registry, backend, config.cronMinuteMs, log);

await registry.scan();
scheduler.start();
const watcher = watch();
const server = Deno.serve(
  {
    hostname: config.host,
    port: config.port,
    onListen: ({ port }) =>
      log(`[runtime] listening on ${config.host}:${port}, functions in ${config.functionsDir}`),
  },
  handler(registry, new Authenticator(config)),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) Deno.exit(1);
  stopping = true;
  scheduler.stop();
  watcher.close();
  await server.shutdown();
  await registry.stopAll();
  await Deno.remove(socketDir, { recursive: true }).catch(() => undefined);
  Deno.exit(0);
}
Deno.addSignalListener('SIGINT', () => void stop());
Deno.addSignalListener('SIGTERM', () => void stop());

/** Rescans the folder shortly after it changes (editors and atomic renames fire bursts of events). */
function watch(): { close(): void } {
  const fsWatcher = Deno.watchFs(config.functionsDir, { recursive: false });
  let timer: ReturnType<typeof setTimeout> | undefined;
  void (async () => {
    try {
      for await (const _event of fsWatcher) {
        clearTimeout(timer);
        timer = setTimeout(() => void registry.scan(), 50);
      }
    } catch (err) {
      if (!stopping) log(`[runtime] watching ${config.functionsDir} stopped: ${(err as Error).message}`);
    }
  })();
  return { close: () => fsWatcher.close() };
}
