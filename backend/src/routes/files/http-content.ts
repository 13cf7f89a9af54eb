import type { ByteRange } from '../../storage/object-store.js';

/**
 * The one `Range` the API serves: a single `bytes=` range (`a-b`, `a-`, `-n`). Anything else,
 * including several ranges, is ignored and the whole file is sent, as RFC 9110 allows.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end: Math.min(end, size - 1) };
}

/** Whether an `If-None-Match` (or `If-Range`) list names this entity tag; weak tags compare equal. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * `inline` or `attachment` with the file's name, safe whatever the name holds: an ASCII
 * fallback with quotes, backslashes and non-ASCII replaced, and the exact name in RFC 5987
 * `filename*`. Only the last path segment is offered, as a browser would save it.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const name = filename.split(/[/\\]/).pop() || 'file';
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Types a browser would run as a document with the API's origin (HTML, SVG, XML): served with a
 * sandboxing CSP so an uploaded page cannot script against the API.
 */
export const ACTIVE_CONTENT = /html|xml|svg/i;
