import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { type Caller, isLoggedIn } from '../auth/caller.js';
import type { Credentials } from '../auth/resolve-caller.js';
import { AppError } from '../errors/app-error.js';
import { canSelect } from '../services/tables/policy.js';
import { CHANGE_COLUMNS, type Change, toChange } from './change-feed.js';
import type { RealtimeHub, Subscription, Target } from './hub.js';
import { FilterError, parseRowFilter } from './row-filter.js';

const AUTH_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;
const REPLAY_LIMIT = 10_000;
const OPERATIONS = new Set(['INSERT', 'UPDATE', 'DELETE']);
/** `<name>_changes` channels of SelfDB's own objects, for superusers. */
const SYSTEM_TABLES = new Set(['users', 'buckets', 'files', 'functions']);

export const CLOSE_AUTH_FAILED = 4001;
export const CLOSE_TOO_SLOW = 4008;

type Message = Record<string, unknown>;

/** A protocol error answered with an error frame; the socket stays open. */
class FrameError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One WebSocket client (API.md §9). Frames are handled strictly one after another, so a client may
 * send `subscribe` right behind `authenticate`. Every change it receives passed its table's select
 * rule; a client that cannot keep up is closed with 4008 instead of growing memory.
 */
export class RealtimeConnection {
  #caller: Caller | undefined;
  #unwatchUser: (() => void) | undefined;
  #queue: Promise<void> = Promise.resolve();
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #authTimer: NodeJS.Timeout;
  readonly #heartbeat: NodeJS.Timeout;
  #alive = true;

  constructor(
    private readonly socket: WebSocket,
    private readonly app: FastifyInstance,
    private readonly hub: RealtimeHub,
    initial: Credentials | undefined,
  ) {
    this.#authTimer = setTimeout(() => {
      if (!this.#caller) this.#fail('AUTH_REQUIRED', 'Authentication required');
    }, AUTH_TIMEOUT_MS);
    this.#heartbeat = setInterval(() => {
      if (!this.#alive) {
        socket.terminate();
        return;
      }
      this.#alive = false;
      socket.ping();
    }, HEARTBEAT_MS);
    socket.on('pong', () => {
      this.#alive = true;
    });
    socket.on('message', (data, isBinary) => {
      this.#queue = this.#queue.then(() => this.#handle(isBinary ? null : data.toString()));
    });
    socket.on('close', () => this.#cleanup());
    if (initial) this.#queue = this.#queue.then(() => this.#authenticate(initial));
  }

  async #handle(raw: string | null): Promise<void> {
    if (this.socket.readyState !== this.socket.OPEN) return;
    let message: Message;
    try {
      const parsed = raw === null ? undefined : JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      message = parsed;
    } catch {
      this.#sendError('INVALID_MESSAGE', 'Frames must be JSON objects');
      return;
    }
    try {
      switch (message.type) {
        case 'authenticate':
          await this.#authenticate(credentialsFrom(message.token));
          return;
        case 'ping':
          this.#send({ type: 'pong' });
          return;
        case 'subscribe':
          if (!this.#caller) return this.#fail('AUTH_REQUIRED', 'Authentication required');
          await this.#subscribe(this.#caller, message);
          return;
        case 'unsubscribe':
          if (!this.#caller) return this.#fail('AUTH_REQUIRED', 'Authentication required');
          this.#unsubscribe(message);
          return;
        default:
          throw new FrameError(
            'UNKNOWN_MESSAGE_TYPE',
            `Unknown message type "${String(message.type).slice(0, 40)}"`,
          );
      }
    } catch (err) {
      if (err instanceof FrameError) this.#sendError(err.code, err.message);
      else if (err instanceof AppError) this.#sendError(err.code, err.message);
      else {
        this.app.log.error({ err }, 'realtime frame failed');
        this.#sendError('INTERNAL_ERROR', 'Internal server error');
      }
    }
  }

  async #authenticate(credentials: Credentials): Promise<void> {
    try {
      this.#caller = await this.app.resolveCaller(credentials);
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'INTERNAL_ERROR';
      this.#fail(code, code === 'AUTH_REQUIRED' ? 'Authentication required' : 'Invalid authentication');
      return;
    }
    clearTimeout(this.#authTimer);
    const caller = this.#caller;
    this.#unwatchUser?.();
    this.#unwatchUser = isLoggedIn(caller)
      ? this.hub.watchUser(caller.user.id, (change) => this.#followUser(change))
      : undefined;
    this.#send({
      type: 'connected',
      user_id: isLoggedIn(caller) ? caller.user.id : null,
      role: caller.role === 'user' ? 'authenticated' : caller.role,
    });
  }

  async #subscribe(caller: Caller, message: Message): Promise<void> {
    const byChannel = typeof message.channel === 'string';
    const data = (message.data && typeof message.data === 'object' ? message.data : {}) as Message;
    const key = byChannel
      ? `channel:${message.channel}:${message.event ?? '*'}`
      : `id:${message.subscription_id}`;
    if (!byChannel && typeof message.subscription_id !== 'string') {
      throw new FrameError('INVALID_MESSAGE', 'subscribe needs a subscription_id or a channel');
    }
    const name = byChannel
      ? (message.channel as string)
      : typeof data.table === 'string'
        ? data.table
        : (/^(.+)_changes$/.exec(message.subscription_id as string)?.[1] ??
          (message.subscription_id as string));
    const target = await this.#target(caller, name, byChannel || typeof data.table === 'string');
    const events = eventsOf(byChannel ? message.event : data.events);
    const filterText = byChannel ? message.filter : (data.filter ?? message.filter);
    const filter = await this.#filter(target, filterText);
    if (
      !this.#subscriptions.has(key) &&
      this.#subscriptions.size >= this.app.config.realtime.maxSubscriptions
    ) {
      throw new FrameError(
        'TOO_MANY_SUBSCRIPTIONS',
        `At most ${this.app.config.realtime.maxSubscriptions} subscriptions per connection`,
      );
    }
    // The caller's role changed while this frame was checked: check it again as the new caller.
    if (this.#caller !== caller) return this.#caller ? this.#subscribe(this.#caller, message) : undefined;
    const previous = this.#subscriptions.get(key);
    if (previous) this.hub.remove(previous);

    const since = typeof message.since === 'number' ? message.since : undefined;
    const buffered: Change[] = [];
    let replaying = since !== undefined;
    const deliver = (change: Change) => {
      if (byChannel) {
        this.#send({
          channel: message.channel,
          event: change.operation,
          id: change.id,
          payload: {
            eventType: change.operation,
            table: change.table,
            new: change.new,
            old: change.old,
            commit_timestamp: change.committedAt,
          },
        });
      } else {
        this.#send({
          type: 'database_change',
          subscription_id: message.subscription_id,
          id: change.id,
          data: { operation: change.operation, table: change.table, data: change.new, old_data: change.old },
        });
      }
    };
    const subscription: Subscription = {
      key,
      target,
      events,
      filter,
      caller,
      send: (change) => (replaying ? buffered.push(change) : deliver(change)),
    };
    this.#subscriptions.set(key, subscription);
    this.hub.add(subscription);
    this.#send(
      byChannel
        ? { type: 'subscribed', channel: message.channel }
        : { type: 'subscribed', subscription_id: message.subscription_id },
    );

    if (since !== undefined) {
      // Live changes that arrive during the replay wait in `buffered`, then follow without repeats.
      let last = since;
      for (const change of await this.#replay(target, since)) {
        if (await this.hub.visible(subscription, change)) deliver(change);
        last = change.id;
      }
      replaying = false;
      for (const change of buffered) if (change.id > last) deliver(change);
    }
  }

  /**
   * The caller's own row changed, as HTTP requests would see at once: a deleted or deactivated user
   * is disconnected (4001); a new role applies to every subscription, and those only superusers may
   * hold end with an error and `unsubscribed`. Called by the hub before it delivers that change,
   * so the change itself already goes out under the new role.
   */
  #followUser(change: Change): void {
    const caller = this.#caller;
    if (!caller || !isLoggedIn(caller) || this.socket.readyState !== this.socket.OPEN) return;
    const row = change.new;
    if (change.operation === 'DELETE' || !row) {
      this.#fail('TOKEN_INVALID', 'Invalid authentication');
      return;
    }
    if (row.is_active !== true) {
      this.#fail('USER_INACTIVE', 'Invalid authentication');
      return;
    }
    const isSuperuser = row.is_superuser === true;
    const next: Caller = {
      role: isSuperuser ? 'superuser' : 'user',
      user: { id: caller.user.id, email: String(row.email), is_superuser: isSuperuser },
      sessionId: caller.sessionId,
    };
    this.#caller = next;
    for (const [key, subscription] of this.#subscriptions) {
      subscription.caller = next;
      if (isSuperuser || subscription.target.kind === 'table') continue;
      this.hub.remove(subscription);
      this.#subscriptions.delete(key);
      const id = key.slice('id:'.length);
      this.#sendError('FORBIDDEN', `Only superusers may subscribe to ${id}; the subscription has ended`);
      this.#send({ type: 'unsubscribed', subscription_id: id });
    }
  }

  #unsubscribe(message: Message): void {
    const key =
      typeof message.channel === 'string'
        ? `channel:${message.channel}:${message.event ?? '*'}`
        : `id:${message.subscription_id}`;
    const subscription = this.#subscriptions.get(key);
    if (subscription) {
      this.hub.remove(subscription);
      this.#subscriptions.delete(key);
    }
    this.#send(
      typeof message.channel === 'string'
        ? { type: 'unsubscribed', channel: message.channel }
        : { type: 'unsubscribed', subscription_id: message.subscription_id },
    );
  }

  async #target(caller: Caller, name: string, explicitTable: boolean): Promise<Target> {
    if (!explicitTable && (name === 'tables' || SYSTEM_TABLES.has(name))) {
      if (caller.role !== 'superuser')
        throw new FrameError('FORBIDDEN', `Only superusers may subscribe to ${name}_changes`);
      return name === 'tables' ? { kind: 'all_tables' } : { kind: 'system', table: name };
    }
    const table = await this.app.tableCatalog.get(name);
    if (!table || !canSelect(table.policy, caller)) {
      throw new FrameError('TABLE_NOT_FOUND', `Table "${name.slice(0, 80)}" not found`);
    }
    return { kind: 'table', table: table.name };
  }

  async #filter(target: Target, text: unknown) {
    if (text === undefined || text === null) return null;
    if (typeof text !== 'string')
      throw new FrameError('INVALID_FILTER', 'filter must be a string column:op:value');
    try {
      const filter = parseRowFilter(text);
      if (target.kind === 'table') {
        const table = await this.app.tableCatalog.get(target.table);
        if (!table?.columns.has(filter.column)) {
          throw new FrameError('INVALID_FILTER', `Unknown column "${filter.column.slice(0, 80)}" in filter`);
        }
      }
      return filter;
    } catch (err) {
      if (err instanceof FilterError) throw new FrameError('INVALID_FILTER', err.message);
      throw err;
    }
  }

  async #replay(target: Target, since: number): Promise<Change[]> {
    const [schema, table] =
      target.kind === 'all_tables'
        ? ['public', null]
        : [target.kind === 'table' ? 'public' : 'selfdb', target.table];
    const res = await this.app.db.query(
      `SELECT ${CHANGE_COLUMNS} FROM selfdb.changes
       WHERE id > $1 AND schema_name = $2 AND ($3::text IS NULL OR table_name = $3)
       ORDER BY id LIMIT ${REPLAY_LIMIT}`,
      [since, schema, table],
    );
    return res.rows.map((row) => toChange(row as Parameters<typeof toChange>[0]));
  }

  #send(frame: object): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.app.config.realtime.maxBufferBytes) {
      this.socket.close(CLOSE_TOO_SLOW, 'Consumer too slow');
      this.#cleanup();
      return;
    }
    this.socket.send(JSON.stringify(frame));
  }

  #sendError(code: string, error: string): void {
    this.#send({ type: 'error', error, code });
  }

  #fail(code: string, error: string): void {
    this.#sendError(code, error);
    this.socket.close(CLOSE_AUTH_FAILED, error);
    this.#cleanup();
  }

  #cleanup(): void {
    clearTimeout(this.#authTimer);
    this.#unwatchUser?.();
    this.#unwatchUser = undefined;
    clearInterval(this.#heartbeat);
    for (const subscription of this.#subscriptions.values()) this.hub.remove(subscription);
    this.#subscriptions.clear();
  }
}

/** A token that looks like a JWT is a bearer token; anything else is taken as the anon key. */
function credentialsFrom(token: unknown): Credentials {
  if (typeof token !== 'string' || token === '') return {};
  return token.split('.').length === 3 ? { bearer: token } : { apikey: token };
}

export function credentialsFromQuery(query: { token?: string; apikey?: string }): Credentials | undefined {
  if (query.token) return credentialsFrom(query.token);
  if (query.apikey) return { apikey: query.apikey };
  return undefined;
}

function eventsOf(value: unknown): ReadonlySet<Change['operation']> | null {
  if (value === undefined || value === null || value === '*') return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.includes('*')) return null;
  if (!list.every((e) => typeof e === 'string' && OPERATIONS.has(e))) {
    throw new FrameError('INVALID_MESSAGE', 'events are INSERT, UPDATE, DELETE or *');
  }
  return new Set(list as Change['operation'][]);
}
