import pg from 'pg';

type Handler = (payload: string) => void;

/**
 * One dedicated connection per backend process that LISTENs on Postgres channels and hands each
 * notification to its subscribers. If the connection drops it reconnects with back-off; since
 * notifications sent meanwhile are lost, subscribers are told through `onReconnect` to catch up.
 */
export class Notifications {
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #reconnectHandlers = new Set<() => void>();
  #client: pg.Client | undefined;
  #closed = false;
  #delayMs = 250;
  #connected = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: pg.ClientConfig,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {}

  get connected(): boolean {
    return this.#connected;
  }

  async start(): Promise<void> {
    await this.#connect().catch((err) => {
      this.log.warn({ err }, 'notification listener could not connect; retrying');
      this.#scheduleReconnect();
    });
  }

  listen(channel: string, handler: Handler): void {
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
      if (this.#client && this.#connected) {
        // A failure here means the connection dropped; the reconnect LISTENs on every channel again.
        this.#client.query(`LISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      }
    }
    handlers.add(handler);
  }

  onReconnect(handler: () => void): void {
    this.#reconnectHandlers.add(handler);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#connected = false;
    clearTimeout(this.#retry);
    await this.#client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.options);
    client.on('notification', (message) => {
      for (const handler of this.#handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (err) => this.log.warn({ err }, 'notification listener lost its connection'));
    client.on('end', () => {
      this.#connected = false;
      if (!this.#closed) this.#scheduleReconnect();
    });
    this.#client = client;
    await client.connect();
    for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.#connected = true;
    this.#delayMs = 250;
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retry) return;
    const delay = this.#delayMs;
    this.#delayMs = Math.min(this.#delayMs * 2, 5000);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (this.#closed) return;
      this.#connect().then(
        () => {
          for (const handler of this.#reconnectHandlers) handler();
        },
        (err) => {
          this.log.warn({ err }, 'notification listener reconnect failed');
          this.#scheduleReconnect();
        },
      );
    }, delay).unref();
  }
}
