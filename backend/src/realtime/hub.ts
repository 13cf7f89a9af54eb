import type { Caller } from '../auth/caller.js';
import type { TableCatalog } from '../services/tables/catalog.js';
import { grantFor } from '../services/tables/policy.js';
import type { Change } from './change-feed.js';
import type { RowFilter } from './row-filter.js';

/** What a subscription listens to: one user table, every user table, or one of SelfDB's own tables. */
export type Target =
  | { kind: 'table'; table: string }
  | { kind: 'all_tables' }
  | { kind: 'system'; table: string };

export type Subscription = {
  key: string;
  target: Target;
  events: ReadonlySet<Change['operation']> | null;
  filter: RowFilter | null;
  caller: Caller;
  send(change: Change): void;
};

/**
 * The in-memory index from table to subscriptions. Each change is checked against the subscriber's
 * select rule and filter on the row itself (no query per subscriber), in the order changes arrive.
 */
export class RealtimeHub {
  readonly #byTable = new Map<string, Set<Subscription>>();
  readonly #userWatchers = new Map<string, Set<(change: Change) => void>>();
  #chain: Promise<void> = Promise.resolve();

  constructor(private readonly catalog: TableCatalog) {}

  add(subscription: Subscription): void {
    const key = indexKey(subscription.target);
    let set = this.#byTable.get(key);
    if (!set) {
      set = new Set();
      this.#byTable.set(key, set);
    }
    set.add(subscription);
  }

  remove(subscription: Subscription): void {
    const key = indexKey(subscription.target);
    const set = this.#byTable.get(key);
    set?.delete(subscription);
    if (set?.size === 0) this.#byTable.delete(key);
  }

  /**
   * Calls `onChange` with every change to one user's own row (selfdb.users), in order, until the
   * returned function is called: a socket follows its user's deactivation, deletion and role.
   */
  watchUser(userId: string, onChange: (change: Change) => void): () => void {
    let set = this.#userWatchers.get(userId);
    if (!set) {
      set = new Set();
      this.#userWatchers.set(userId, set);
    }
    set.add(onChange);
    return () => {
      set.delete(onChange);
      if (set.size === 0 && this.#userWatchers.get(userId) === set) this.#userWatchers.delete(userId);
    };
  }

  get size(): number {
    let n = 0;
    for (const set of this.#byTable.values()) n += set.size;
    return n;
  }

  /** Queues a change for delivery; changes are delivered strictly in the order given. */
  publish(change: Change): void {
    this.#chain = this.#chain.then(() => this.#dispatch(change)).catch(() => undefined);
  }

  /** Whether a subscriber may see this change and it passes their events and filter. */
  async visible(subscription: Subscription, change: Change): Promise<boolean> {
    if (subscription.events && !subscription.events.has(change.operation)) return false;
    const row = change.new ?? change.old ?? {};
    if (change.schema === 'public') {
      const table = await this.catalog.get(change.table);
      if (!table) return false;
      const grant = grantFor(table.policy, 'select', subscription.caller);
      if (!grant) return false;
      if (grant.rows === 'owned' && String(row[grant.ownerColumn]) !== grant.userId) return false;
    } else if (subscription.caller.role !== 'superuser') {
      return false;
    }
    return !subscription.filter || subscription.filter.test(row[subscription.filter.column]);
  }

  async #dispatch(change: Change): Promise<void> {
    if (change.schema === 'selfdb' && change.table === 'users') {
      const userId = String((change.new ?? change.old)?.id);
      for (const onChange of this.#userWatchers.get(userId) ?? []) onChange(change);
    }
    const keys =
      change.schema === 'public' ? [`public.${change.table}`, '*'] : [`${change.schema}.${change.table}`];
    for (const key of keys) {
      for (const subscription of this.#byTable.get(key) ?? []) {
        if (await this.visible(subscription, change)) subscription.send(change);
      }
    }
  }
}

function indexKey(target: Target): string {
  if (target.kind === 'all_tables') return '*';
  return target.kind === 'table' ? `public.${target.table}` : `selfdb.${target.table}`;
}
