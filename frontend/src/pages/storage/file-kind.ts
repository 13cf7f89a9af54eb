import type { IconName } from '../../components/icons';

/** What the dashboard can show of a file in the browser, decided by its content type. */
export type FileKind = 'image' | 'video' | 'audio' | 'pdf' | 'text' | 'other';

export function fileKind(contentType: string): FileKind {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('text/') || type === 'application/json') return 'text';
  return 'other';
}

export const KIND_ICONS: Record<FileKind, IconName> = {
  image: 'image',
  video: 'film',
  audio: 'music',
  pdf: 'fileText',
  text: 'fileText',
  other: 'file',
};

/** Kinds the browser draws inline from the view URL; the others get a file card. */
export const PREVIEWABLE: ReadonlySet<FileKind> = new Set(['image', 'video', 'audio', 'pdf', 'text']);
