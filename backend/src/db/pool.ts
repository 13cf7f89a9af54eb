import pg from 'pg';
import type { Config } from '../config.js';
import { dbUnavailable, isConnectionError } from '../errors/pg-errors.js';

/** Anything that runs a parameterised query: the pool, or a client inside a transaction. */
export type Queryable = {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
};

export type Db = Queryable & {
  pool: pg.Pool;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export function connectionOptions(db: Config['db']): pg.ClientConfig {
  return {
    host: db.host,
    port: db.port,
    database: db.database,
    user: db.user,
    password: db.password,
    connectionTimeoutMillis: db.connectTimeoutMs,
  };
}

/**
 * The backend's connection pool. A failure to obtain a connection, for whatever reason, is the
 * database being unavailable to us: it surfaces as DB_UNAVAILABLE (503) instead of a 500.
 */
export function createDb(config: Config['db'], onError: (err: Error) => void): Db {
  const pool = new pg.Pool({ ...connectionOptions(config), max: config.poolMax });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', onError);

  async function acquire(): Promise<pg.PoolClient> {
    try {
      return await pool.connect();
    } catch (err) {
      onError(err as Error);
      throw dbUnavailable();
    }
  }

  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await acquire();
    let broken: Error | undefined;
    // A checked-out client whose connection dies emits 'error'; unheard, that would crash the process.
    const onClientError = (err: Error) => {
      broken = err;
      onError(err);
    };
    client.on('error', onClientError);
    try {
      return await fn(client);
    } catch (err) {
      if (isConnectionError(err)) broken = err as Error;
      throw err;
    } finally {
      client.off('error', onClientError);
      client.release(broken);
    }
  }

  return {
    pool,
    query: (text, values) => withClient((client) => client.query(text, values)),
    withClient,
    withTransaction: (fn) =>
      withClient(async (client) => {
        await client.query('BEGIN');
        try {
          const result = await fn(client);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    close: () => pool.end(),
  };
}
