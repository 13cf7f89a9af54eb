import { useEffect, useRef, useSyncExternalStore } from 'react';
import { http, sessions } from '../api/instance';

/** A change as the by-channel dialect delivers it (API.md §9). */
export type ChangeEvent = {
  channel: string;
  event: 'INSERT' | 'UPDATE' | 'DELETE';
  id: number;
  payload: {
    eventType: 'INSERT' | 'UPDATE' | 'DELETE';
    table: string;
    new: Record<string, unknown> | null;
    old: Record<string, unknown> | null;
  };
};

export type RealtimeStatus = 'idle' | 'connecting' | 'live' | 'offline';
type Listener = (change: ChangeEvent) => void;

/**
 * One WebSocket for the whole dashboard, shared by every page that wants live rows. It
 * authenticates with the first frame, subscribes per channel (table), and reconnects with
 * back-off; a reconnect resubscribes with `since` set to the last event seen, so nothing is lost.
 */
class RealtimeConnection {
  private socket: WebSocket | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly lastId = new Map<string, number>();
  /** Subscriptions the server has confirmed on the current socket. */
  private readonly confirmed = new Set<string>();
  private retryMs = 1000;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private status: RealtimeStatus = 'idle';
  private readonly statusListeners = new Set<() => void>();

  /**
   * `live` once the server has confirmed every subscription in `keys` on an authenticated socket:
   * from then on no change to them is missed.
   */
  statusOf = (keys: string[]): RealtimeStatus => {
    if (this.status !== 'live') return this.status;
    return keys.every((key) => this.confirmed.has(key)) ? 'live' : 'connecting';
  };

  onStatus = (listener: () => void) => {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  };

  /**
   * `target` is a table name (by-channel dialect) or, with `byId`, a subscription id such as
   * `users_changes` (by-id dialect, which also carries SelfDB's own objects for superusers).
   */
  subscribe(target: string, listener: Listener, byId = false): () => void {
    const key = `${byId ? 's' : 'c'}:${target}`;
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
      this.send(subscribeFrame(key, undefined));
    }
    set.add(listener);
    this.ensureOpen();
    return () => {
      const current = this.listeners.get(key);
      current?.delete(listener);
      if (current && current.size === 0) {
        this.listeners.delete(key);
        this.confirmed.delete(key);
        this.send(
          key.startsWith('s:')
            ? { type: 'unsubscribe', subscription_id: key.slice(2) }
            : { type: 'unsubscribe', channel: key.slice(2) },
        );
      }
      if (this.listeners.size === 0) this.close();
    };
  }

  private setStatus(status: RealtimeStatus) {
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }

  private send(frame: unknown) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private ensureOpen() {
    if (this.socket || this.retryTimer) return;
    const token = sessions.get()?.access_token;
    if (!token) return;
    const url = new URL('/api/v1/realtime/ws', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    this.setStatus('connecting');
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'authenticate', token }));
      for (const key of this.listeners.keys()) {
        socket.send(JSON.stringify(subscribeFrame(key, this.lastId.get(key))));
      }
    };
    socket.onmessage = (message) => {
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (frame.type === 'connected') {
        this.retryMs = 1000;
        this.setStatus('live');
      } else if (frame.type === 'subscribed') {
        const key =
          typeof frame.subscription_id === 'string' ? `s:${frame.subscription_id}` : `c:${frame.channel}`;
        this.confirmed.add(key);
        this.setStatus(this.status);
      } else if (frame.type === 'ping') {
        this.send({ type: 'pong' });
      } else {
        const routed = routeFrame(frame);
        if (!routed) return;
        const [key, change] = routed;
        if (typeof change.id === 'number') this.lastId.set(key, change.id);
        for (const listener of this.listeners.get(key) ?? []) listener(change);
      }
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.confirmed.clear();
      // 4001: the token was refused, most likely expired. Any API call refreshes it (the client
      // does so on 401), so the reconnect below authenticates with a fresh one.
      if (event.code === 4001) void http.get('/users/me').catch(() => {});
      if (this.listeners.size === 0) {
        this.setStatus('idle');
        return;
      }
      this.setStatus('offline');
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.ensureOpen();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 30_000);
    };
  }

  private close() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    this.confirmed.clear();
    socket?.close();
    this.setStatus('idle');
  }
}

function subscribeFrame(key: string, since: number | undefined) {
  const resume = since ? { since } : {};
  return key.startsWith('s:')
    ? { type: 'subscribe', subscription_id: key.slice(2), ...resume }
    : { type: 'subscribe', channel: key.slice(2), event: '*', ...resume };
}

/** Finds which subscription a server frame belongs to, in either dialect, as one event shape. */
function routeFrame(frame: Record<string, unknown>): [string, ChangeEvent] | null {
  if (typeof frame.channel === 'string' && frame.payload && frame.event) {
    return [`c:${frame.channel}`, frame as unknown as ChangeEvent];
  }
  if (frame.type === 'database_change' && typeof frame.subscription_id === 'string') {
    const data = (frame.data ?? {}) as {
      operation?: ChangeEvent['event'];
      table?: string;
      data?: Record<string, unknown> | null;
      old_data?: Record<string, unknown> | null;
    };
    const event = data.operation ?? 'UPDATE';
    return [
      `s:${frame.subscription_id}`,
      {
        channel: frame.subscription_id,
        event,
        id: Number(frame.id),
        payload: {
          eventType: event,
          table: data.table ?? '',
          new: data.data ?? null,
          old: data.old_data ?? null,
        },
      },
    ];
  }
  return null;
}

export const realtime = new RealtimeConnection();

/**
 * Calls `onChange` for every change to `table` while the component is mounted; answers whether
 * the subscription is live.
 */
export function useTableChanges(
  table: string | null,
  onChange: (change: ChangeEvent) => void,
): RealtimeStatus {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    if (!table) return;
    return realtime.subscribe(table, (change) => handler.current(change));
  }, [table]);
  return useSubscriptionStatus(table ? `c:${table}` : '');
}

/**
 * Calls `onChange` for changes of the by-id subscriptions named (e.g. `users_changes`); answers
 * whether all of them are live.
 */
export function useObjectChanges(
  subscriptionIds: string[],
  onChange: (change: ChangeEvent) => void,
): RealtimeStatus {
  const handler = useRef(onChange);
  handler.current = onChange;
  const key = subscriptionIds.join(',');
  useEffect(() => {
    const stops = key
      .split(',')
      .map((id) => realtime.subscribe(id, (change) => handler.current(change), true));
    return () => {
      for (const stop of stops) stop();
    };
  }, [key]);
  return useSubscriptionStatus(subscriptionIds.map((id) => `s:${id}`).join(','));
}

/** The status of the subscriptions whose keys are joined by commas in `keys`. */
function useSubscriptionStatus(keys: string): RealtimeStatus {
  return useSyncExternalStore(realtime.onStatus, () => (keys ? realtime.statusOf(keys.split(',')) : 'idle'));
}
