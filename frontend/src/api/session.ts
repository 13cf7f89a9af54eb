/** What the dashboard keeps of a login: the token pair and who it belongs to. */
export type Session = {
  access_token: string;
  refresh_token: string;
  email: string;
  user_id: string;
  is_superuser: boolean;
};

export type SessionStore = {
  get(): Session | null;
  set(session: Session | null): void;
  subscribe(listener: (session: Session | null) => void): () => void;
};

const KEY = 'selfdb.session';

/** A session store kept in localStorage, so a reload keeps the login; listeners hear every change. */
export function createSessionStore(storage: Storage | null = globalThis.localStorage ?? null): SessionStore {
  const listeners = new Set<(session: Session | null) => void>();
  let current: Session | null = null;
  try {
    const raw = storage?.getItem(KEY);
    current = raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    current = null;
  }
  return {
    get: () => current,
    set(session) {
      current = session;
      if (session) storage?.setItem(KEY, JSON.stringify(session));
      else storage?.removeItem(KEY);
      for (const listener of listeners) listener(session);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
