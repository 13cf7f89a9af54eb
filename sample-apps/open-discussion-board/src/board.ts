import { localStorageStore, SelfDbClient, type Session } from './api.ts';

/** The board's rows. `bigserial` ids arrive as strings from the REST API and as numbers in
 * realtime frames, so they are normalised to strings. */
export type Topic = {
  id: string;
  title: string;
  content: string;
  author_name: string;
  media_url: string | null;
  media_type: string | null;
  user_id: string | null;
  created_at: string;
  updated_at: string;
};

export type Comment = {
  id: string;
  topic_id: string;
  content: string;
  author_name: string;
  user_id: string | null;
  created_at: string;
  updated_at: string;
};

export function normaliseTopic(row: Record<string, unknown>): Topic {
  return { ...(row as unknown as Topic), id: String(row.id) };
}

export function normaliseComment(row: Record<string, unknown>): Comment {
  return { ...(row as unknown as Comment), id: String(row.id), topic_id: String(row.topic_id) };
}

export const config = {
  url: import.meta.env.VITE_SELFDB_URL ?? 'http://localhost:8000',
  anonKey: import.meta.env.VITE_SELFDB_ANON_KEY ?? '',
  bucket: import.meta.env.VITE_MEDIA_BUCKET || 'discussion-media',
};

export const client = new SelfDbClient({
  url: config.url,
  anonKey: config.anonKey,
  store: localStorageStore(),
});

/** Anonymous posts are locked: only their (logged-in) owner, or a superuser, may change a row. */
export function canModify(session: Session | null, row: { user_id: string | null }): boolean {
  if (!session) return false;
  return session.is_superuser || (row.user_id !== null && row.user_id === session.user_id);
}

export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

const palette = ['#6366f1', '#ec4899', '#f59e0b', '#10b981', '#0ea5e9', '#8b5cf6', '#ef4444', '#14b8a6'];

export function avatarColor(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return palette[hash % palette.length] ?? '#6366f1';
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters =
    parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts.at(-1)?.[0] ?? ''}` : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase() || '?';
}
