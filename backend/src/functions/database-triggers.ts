import type { Db } from '../db/pool.js';
import type { RuntimeClient } from './runtime-client.js';

const BATCH = 500;
const RETRY_MS = 2000;

/**
 * Feeds committed row changes to functions with `database` triggers. One cursor for the whole
 * cluster and a lock make exactly one backend forward each change; the cursor moves only after the
 * runtime took the batch, so a runtime that is down delays triggers but loses none.
 */
export class DatabaseTriggers {
  #running: Promise<void> | undefined;
  #again = false;

  constructor(
    private readonly db: Db,
    private readonly runtime: RuntimeClient,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {}

  /** Forwards whatever is new, coalescing calls that arrive while a run is in progress. */
  dispatch(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#forward()
      .catch((err) => {
        this.log.warn({ err }, 'feeding database triggers failed; will retry');
        setTimeout(() => this.dispatch(), RETRY_MS).unref();
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.dispatch();
        }
      });
  }

  async #forward(): Promise<void> {
    let more = true;
    while (more) {
      more = await this.db.withTransaction(async (client) => {
        const locked = await client.query<{ ok: boolean }>(
          "SELECT pg_try_advisory_xact_lock(hashtext('selfdb.function_triggers')) AS ok",
        );
        if (!locked.rows[0]?.ok) return false;
        const state = await client.query<{ cursor: string; newest: string | null; tables: string[] }>(
          `SELECT c.last_change_id AS cursor,
                  (SELECT max(id) FROM selfdb.changes) AS newest,
                  ARRAY(SELECT DISTINCT t->>'table'
                          FROM selfdb.functions f CROSS JOIN jsonb_array_elements(f.triggers) t
                         WHERE f.is_active AND t->>'type' = 'database') AS tables
           FROM selfdb.function_trigger_cursor c WHERE c.id = 1 FOR UPDATE`,
        );
        const row = state.rows[0];
        if (!row?.newest || Number(row.newest) <= Number(row.cursor)) return false;
        const changes = await client.query<{
          id: string;
          table_name: string;
          operation: string;
          new_row: unknown;
          old_row: unknown;
        }>(
          `SELECT id, table_name, operation, new_row, old_row FROM selfdb.changes
           WHERE id > $1 AND id <= $2 AND schema_name = 'public' AND table_name = ANY($3)
           ORDER BY id LIMIT ${BATCH}`,
          [row.cursor, row.newest, row.tables],
        );
        for (const change of changes.rows) {
          await this.runtime.databaseChange({
            table: change.table_name,
            operation: change.operation,
            data: change.new_row,
            old_data: change.old_row,
          });
        }
        const full = changes.rows.length === BATCH;
        const next = full ? (changes.rows.at(-1)?.id ?? row.newest) : row.newest;
        await client.query('UPDATE selfdb.function_trigger_cursor SET last_change_id = $1 WHERE id = 1', [
          next,
        ]);
        return full;
      });
    }
  }
}
