/** Types for common extensions, used when a client names none (so `<img src>` and players work). */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  avif: 'image/avif',
  bmp: 'image/bmp',
  css: 'text/css',
  csv: 'text/csv',
  gif: 'image/gif',
  gz: 'application/gzip',
  htm: 'text/html',
  html: 'text/html',
  ico: 'image/vnd.microsoft.icon',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  js: 'text/javascript',
  json: 'application/json',
  md: 'text/markdown',
  mjs: 'text/javascript',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  ogg: 'audio/ogg',
  pdf: 'application/pdf',
  png: 'image/png',
  svg: 'image/svg+xml',
  tar: 'application/x-tar',
  txt: 'text/plain',
  wasm: 'application/wasm',
  wav: 'audio/wav',
  webm: 'video/webm',
  webp: 'image/webp',
  xml: 'application/xml',
  zip: 'application/zip',
};

const FALLBACK = 'application/octet-stream';
/** `type/subtype` with optional parameters, as in a Content-Type header. */
const MEDIA_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"\r\n]*"|[^;\s"]+))*$/i;

/**
 * The content type to record: the client's, when it is a well-formed media type (multipart
 * clients send the generic octet-stream for anything they do not know), else one from the
 * file name's extension, else octet-stream.
 */
export function contentTypeFor(given: string | undefined, filename: string): string {
  const type = given?.trim();
  if (type && type.length <= 255 && MEDIA_TYPE.test(type) && type.toLowerCase() !== FALLBACK) return type;
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION[extension]) || FALLBACK;
}
