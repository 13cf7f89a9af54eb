import type { BackendClient, ExecutionReport } from './backend-client.ts';
import type { RuntimeConfig } from './config.ts';
import { FunctionProcess, LoadError, type Outcome, type RunInput } from './function-process.ts';
import { type FunctionMeta, isFunctionName } from './module-meta.ts';

export type FunctionStatus = { lastRun: string | null; runCount: number; error: string | null };

export type LoadedFunction = {
  name: string;
  file: string;
  /** SHA-256 of the file: a new hash is a new version. */
  hash: string;
  meta: FunctionMeta | null;
  /** Why the module could not be loaded, when it could not. */
  loadError: string | null;
  timeoutMs: number;
  env: Record<string, string>;
  process: FunctionProcess | null;
  /** A restart in progress, shared by the runs that wait for it. */
  starting: Promise<FunctionProcess> | null;
  status: FunctionStatus;
};

const MODULE_EXTENSIONS = ['.ts', '.js', '.mjs'];
const SETTINGS_RETRY_MS = 5_000;

/**
 * The functions folder as the runtime sees it: one entry per module file whose name is a valid
 * function name (files starting with `_` or `.` are helpers and are left alone). Scans are
 * serialised, so a watcher event and a /reload never load the same file twice.
 */
export class Registry {
  readonly #functions = new Map<string, LoadedFunction>();
  #scanning: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: RuntimeConfig,
    private readonly backend: BackendClient,
    private readonly socketDir: string,
    private readonly log: (line: string) => void,
    /** Called after a new version of a function has loaded (runOnce starts here). */
    private readonly onLoaded: (fn: LoadedFunction) => void = () => undefined,
  ) {}

  get(name: string): LoadedFunction | undefined {
    return this.#functions.get(name);
  }

  all(): LoadedFunction[] {
    return [...this.#functions.values()];
  }

  /** Loads new and changed files and unloads removed ones; `force` reloads `force` even if unchanged. */
  scan(force?: string): Promise<void> {
    this.#scanning = this.#scanning
      .then(() => this.#scan(force))
      .catch((err) => {
        this.log(`[runtime] scan failed: ${err instanceof Error ? err.message : err}`);
      });
    return this.#scanning;
  }

  async #scan(force?: string): Promise<void> {
    const files = new Map<string, string>();
    for await (const entry of Deno.readDir(this.config.functionsDir)) {
      if (!entry.isFile) continue;
      const ext = MODULE_EXTENSIONS.find((e) => entry.name.endsWith(e));
      if (!ext) continue;
      const name = entry.name.slice(0, -ext.length);
      if (isFunctionName(name) && !files.has(name))
        files.set(name, `${this.config.functionsDir}/${entry.name}`);
    }
    for (const [name, fn] of this.#functions) {
      if (!files.has(name)) {
        fn.process?.retire();
        this.#functions.delete(name);
        this.log(`[runtime] unloaded ${name}`);
      }
    }
    await Promise.all(
      [...files].map(async ([name, file]) => {
        const hash = await fileHash(file).catch(() => null);
        if (hash === null) return;
        const known = this.#functions.get(name);
        if (known && known.hash === hash && known.file === file && force !== name) return;
        await this.#load(name, file, hash, known);
      }),
    );
  }

  async #load(name: string, file: string, hash: string, previous: LoadedFunction | undefined): Promise<void> {
    const settings = await this.backend.settings(name).catch((err) => {
      // The backend may still be starting: run with defaults now, and load again with the settings soon.
      this.log(`[runtime] settings of ${name} unavailable (${err.message}); retrying in 5 s`);
      setTimeout(() => {
        if (this.#functions.get(name)?.hash === hash) void this.scan(name);
      }, SETTINGS_RETRY_MS);
      return null;
    });
    const fn: LoadedFunction = {
      name,
      file,
      hash,
      meta: null,
      loadError: null,
      timeoutMs: settings?.timeout_ms ?? this.config.defaultTimeoutMs,
      env: this.#envFor(settings?.env ?? {}),
      process: null,
      starting: null,
      status: previous?.status ?? { lastRun: null, runCount: 0, error: null },
    };
    try {
      fn.process = await this.#spawn(fn);
      fn.meta = fn.process.meta;
      fn.status.error = null;
    } catch (err) {
      fn.loadError = err instanceof LoadError ? err.errors.join('; ') : String(err);
      fn.status.error = fn.loadError;
      this.log(`[runtime] ${name} failed to load: ${fn.loadError}`);
    }
    // The file may have changed again while this version loaded; the newest scan wins.
    previous?.process?.retire();
    this.#functions.set(name, fn);
    if (fn.meta) {
      this.log(`[runtime] loaded ${name}`);
      this.onLoaded(fn);
    }
  }

  /** A function sees only its own variables plus the three SelfDB ones (API.md §8). */
  #envFor(own: Record<string, string>): Record<string, string> {
    return {
      ...own,
      SELFDB_API_URL: this.config.apiUrl,
      ANON_KEY: this.config.anonKey,
      DATABASE_URL: this.config.databaseUrl,
    };
  }

  #spawn(fn: LoadedFunction): Promise<FunctionProcess> {
    return FunctionProcess.start({
      name: fn.name,
      moduleUrl: new URL(`file://${fn.file}`).href,
      functionsDir: this.config.functionsDir,
      socketDir: this.socketDir,
      memoryMb: this.config.memoryMb,
      env: fn.env,
      log: (line) => this.log(`[${fn.name}] ${line}`),
    });
  }

  /**
   * Runs one invocation in the function's process, starting it again if a previous run killed it,
   * and reports the execution to the backend when it is over.
   */
  async run(
    fn: LoadedFunction,
    input: Omit<RunInput, 'timeoutMs'>,
  ): Promise<{ response: Response; outcome: Promise<Outcome> }> {
    if (!fn.process?.alive) {
      fn.starting ??= this.#spawn(fn).finally(() => {
        fn.starting = null;
      });
      fn.process = await fn.starting;
    }
    const { response, outcome } = await fn.process.run({ ...input, timeoutMs: fn.timeoutMs });
    const reported = outcome.then(async (result) => {
      fn.status.lastRun = result.started_at;
      fn.status.runCount++;
      fn.status.error = result.error;
      const report: ExecutionReport = { ...result, function: fn.name, trigger: input.trigger.type };
      await this.backend.report(report).catch((err) => {
        this.log(`[runtime] could not report an execution of ${fn.name}: ${err.message}`);
      });
      return result;
    });
    return { response, outcome: reported };
  }

  stopAll(): Promise<void> {
    const exits = this.all().map((fn) => {
      fn.process?.terminate('the runtime is stopping');
      return fn.process?.exited;
    });
    return Promise.all(exits).then(() => undefined);
  }
}

async function fileHash(file: string): Promise<string> {
  const bytes = await Deno.readFile(file);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
