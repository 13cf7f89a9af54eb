import type { Notifications } from '../db/notifications.js';
import type { Db } from '../db/pool.js';

export type Change = {
  id: number;
  schema: string;
  table: string;
  operation: 'INSERT' | 'UPDATE' | 'DELETE';
  new: Record<string, unknown> | null;
  old: Record<string, unknown> | null;
  committedAt: string;
};

type Row = {
  id: string;
  schema_name: string;
  table_name: string;
  operation: Change['operation'];
  new_row: Record<string, unknown> | null;
  old_row: Record<string, unknown> | null;
  committed_at: Date;
};

const BATCH = 1000;
/** How often the queue's sequence is checked for new changes. */
const POLL_MS = 25;
/** After activity, the sequencer keeps running at every poll this long, for transactions still committing. */
const HOT_MS = 1000;
/** The sequencer and reader also run this often regardless: a net for long transactions and lost notifications. */
const TICK_MS = 1000;
const PRUNE_EVERY_MS = 60_000;

export function toChange(row: Row): Change {
  return {
    id: Number(row.id),
    schema: row.schema_name,
    table: row.table_name,
    operation: row.operation,
    new: row.new_row,
    old: row.old_row,
    committedAt: row.committed_at.toISOString(),
  };
}

export const CHANGE_COLUMNS = 'id, schema_name, table_name, operation, new_row, old_row, committed_at';

/**
 * This backend's view of the change log. Seeing the queue's sequence move, it runs the sequencer
 * (any replica may; a lock serialises them); notified of sequenced changes, it reads everything
 * after its cursor in id order and hands each change to `deliver`. On reconnect and on every tick
 * it does both, so a lost notification delays a change but never loses it.
 */
export class ChangeFeed {
  /** The id of the last change delivered; unknown until the log could first be read. */
  #cursor: number | undefined;
  #sequencing: Promise<void> | undefined;
  #sequenceAgain = false;
  #reading: Promise<void> | undefined;
  #readAgain = false;
  #timers: NodeJS.Timeout[] = [];
  #lastPrune = Date.now();
  #queueSeen: string | undefined;
  readonly #batchListeners: Array<() => void> = [];
  #hotUntil = 0;
  #polling = false;

  constructor(
    private readonly db: Db,
    private readonly notifications: Notifications,
    private readonly retention: { seconds: number; maxEvents: number },
    private readonly deliver: (change: Change) => void,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {}

  /** Starts from the newest change; if the database is down now, the first successful read does that. */
  start(): void {
    this.read();
    this.notifications.listen('selfdb_changes', () => this.read());
    this.notifications.onReconnect(() => this.sequence());
    this.#timers.push(setInterval(() => this.#poll(), POLL_MS).unref());
    this.#timers.push(setInterval(() => this.#tick(), TICK_MS).unref());
  }

  /** Called after each read that delivered at least one change. */
  onBatch(listener: () => void): void {
    this.#batchListeners.push(listener);
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
  }

  /** Runs the sequencer, coalescing calls that arrive while it runs into one more run. */
  sequence(): void {
    if (this.#sequencing) {
      this.#sequenceAgain = true;
      return;
    }
    this.#sequencing = this.db
      .query('SELECT selfdb.sequence_changes()')
      .then(() => this.read())
      .catch((err) => this.log.warn({ err }, 'sequencing changes failed'))
      .finally(() => {
        this.#sequencing = undefined;
        if (this.#sequenceAgain) {
          this.#sequenceAgain = false;
          this.sequence();
        }
      });
  }

  /** Reads and delivers every change after the cursor, in id order. */
  read(): void {
    if (this.#reading) {
      this.#readAgain = true;
      return;
    }
    this.#reading = this.#readAll()
      .catch((err) => this.log.warn({ err }, 'reading changes failed'))
      .finally(() => {
        this.#reading = undefined;
        if (this.#readAgain) {
          this.#readAgain = false;
          this.read();
        }
      });
  }

  async #readAll(): Promise<void> {
    if (this.#cursor === undefined) {
      const res = await this.db.query<{ id: string }>(
        'SELECT coalesce(max(id), 0) AS id FROM selfdb.changes',
      );
      this.#cursor = Number(res.rows[0]?.id ?? 0);
      return;
    }
    for (;;) {
      const res = await this.db.query<Row>(
        `SELECT ${CHANGE_COLUMNS} FROM selfdb.changes WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
        [this.#cursor],
      );
      for (const row of res.rows) {
        const change = toChange(row);
        this.#cursor = change.id;
        this.deliver(change);
      }
      if (res.rows.length > 0) for (const listener of this.#batchListeners) listener();
      if (res.rows.length < BATCH) return;
    }
  }

  #poll(): void {
    if (this.#polling) return;
    this.#polling = true;
    this.db
      .query<{ last_value: string }>('SELECT last_value FROM selfdb.change_queue_seq_seq')
      .then((res) => {
        const seen = res.rows[0]?.last_value;
        if (seen !== this.#queueSeen) {
          this.#queueSeen = seen;
          this.#hotUntil = Date.now() + HOT_MS;
        }
        if (Date.now() < this.#hotUntil) this.sequence();
      })
      .catch(() => undefined)
      .finally(() => {
        this.#polling = false;
      });
  }

  #tick(): void {
    this.sequence();
    if (Date.now() - this.#lastPrune >= PRUNE_EVERY_MS) {
      this.#lastPrune = Date.now();
      void this.prune().catch((err) => this.log.warn({ err }, 'pruning changes failed'));
    }
  }

  /** Drops changes older than the retention window or beyond the newest `maxEvents`. One replica at a time. */
  async prune(): Promise<number> {
    return this.db.withTransaction(async (client) => {
      const locked = await client.query<{ ok: boolean }>(
        "SELECT pg_try_advisory_xact_lock(hashtext('selfdb.prune_changes')) AS ok",
      );
      if (!locked.rows[0]?.ok) return 0;
      const res = await client.query(
        `DELETE FROM selfdb.changes
         WHERE committed_at < now() - make_interval(secs => $1)
            OR id <= (SELECT max(id) FROM selfdb.changes) - $2`,
        [this.retention.seconds, this.retention.maxEvents],
      );
      return res.rowCount ?? 0;
    });
  }
}
