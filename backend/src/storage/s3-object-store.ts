import { Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import type { Client } from 'minio';
import { AppError } from '../errors/app-error.js';
import type { ByteRange, ObjectStore, StoredObject } from './object-store.js';

/** Socket-level failures: the store is down or unreachable, not refusing. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
const RETRY_AFTER_SECONDS = '5';

/** Turns anything the minio client throws into the API error it stands for. */
export function storeError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const failure =
    typeof code === 'string' && UNREACHABLE_CODES.has(code)
      ? new AppError('STORAGE_UNAVAILABLE', undefined, { 'Retry-After': RETRY_AFTER_SECONDS })
      : new AppError('STORAGE_ERROR');
  failure.cause = err;
  return failure;
}

function s3Code(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Counts the bytes that pass and fails with FILE_TOO_LARGE as soon as there are too many. */
class ByteLimit extends Transform {
  bytes = 0;

  constructor(private readonly maxBytes: number) {
    // 1 MiB rather than the 16 KiB default: the request socket is paused far less often.
    super({ highWaterMark: 1024 * 1024 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      // The rest of the body is not read: the answer closes the connection instead.
      callback(
        new AppError('FILE_TOO_LARGE', `The file is larger than the upload limit of ${this.maxBytes} bytes`, {
          Connection: 'close',
        }),
      );
      return;
    }
    callback(null, chunk);
  }
}

/**
 * The body handed to minio for a multipart upload: the bytes already read, then the rest.
 * minio pipes its body into a part splitter and listens for errors on the splitter only, so an
 * error of the body itself (too large, client gone) would leave the upload waiting forever;
 * this body passes its error on to whatever it is piped into.
 */
class UploadBody extends Readable {
  constructor(
    private readonly head: Buffer[],
    private readonly rest: AsyncIterator<Buffer>,
  ) {
    super();
  }

  override _read(): void {
    const buffered = this.head.shift();
    if (buffered) {
      this.push(buffered);
      return;
    }
    this.rest.next().then(
      (next) => this.push(next.done ? null : next.value),
      (err: Error) => this.destroy(err),
    );
  }

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    this.once('error', (err) => (destination as unknown as Writable).destroy(err));
    return super.pipe(destination, options);
  }
}

/** The S3 implementation: MinIO, the bundled native S3 server, or any S3-compatible store. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: Client,
    private readonly region: string,
    /** Size of each part of a multipart upload; also the most a small upload buffers. */
    private readonly partSize: number,
  ) {}

  async createBucket(bucket: string): Promise<void> {
    await this.client.makeBucket(bucket, this.region).catch(rethrow);
  }

  async removeBucket(bucket: string): Promise<void> {
    await this.client.removeBucket(bucket).catch((err) => {
      if (s3Code(err) === 'NoSuchBucket') return;
      if (s3Code(err) === 'BucketNotEmpty') throw new AppError('BUCKET_NOT_EMPTY');
      throw storeError(err);
    });
  }

  async listObjectNames(bucket: string): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const item of this.client.listObjectsV2(bucket, '', true)) {
        if (item.name) names.push(item.name);
      }
    } catch (err) {
      if (s3Code(err) === 'NoSuchBucket') return [];
      throw storeError(err);
    }
    return names;
  }

  async putObject(
    bucket: string,
    key: string,
    source: Readable,
    options: { contentType: string; maxBytes: number },
  ): Promise<StoredObject> {
    // Piped, not pipelined: a failed upload must not destroy the request, whose socket still has
    // to carry the error answer back.
    let sourceFailed = false;
    const limited = new ByteLimit(options.maxBytes);
    source.once('error', (err) => {
      sourceFailed = true;
      limited.destroy(err);
    });
    source.pipe(limited);
    const chunks: AsyncIterator<Buffer> = limited[Symbol.asyncIterator]();
    const metadata = { 'Content-Type': options.contentType };
    try {
      // A body that fits in one part goes up in one request; only larger ones need the
      // multipart protocol (several requests, and minio's part splitter).
      const head: Buffer[] = [];
      let headBytes = 0;
      let ended = false;
      while (headBytes <= this.partSize) {
        const next = await chunks.next();
        if (next.done) {
          ended = true;
          break;
        }
        head.push(next.value);
        headBytes += next.value.length;
      }
      if (ended) {
        const whole = Buffer.concat(head, headBytes);
        const result = await this.client.putObject(bucket, key, whole, whole.length, metadata);
        return { etag: result.etag, size: whole.length };
      }
      const result = await this.client.putObject(
        bucket,
        key,
        new UploadBody(head, chunks),
        undefined,
        metadata,
      );
      return { etag: result.etag, size: limited.bytes };
    } catch (err) {
      source.unpipe(limited);
      limited.destroy();
      await this.discardUpload(bucket, key);
      if (err instanceof AppError) throw err;
      if (sourceFailed) throw new AppError('UPLOAD_ABORTED', undefined, { Connection: 'close' });
      throw storeError(err);
    }
  }

  async getObject(bucket: string, key: string, range?: ByteRange): Promise<Readable> {
    try {
      return range
        ? await this.client.getPartialObject(bucket, key, range.start, range.end - range.start + 1)
        : await this.client.getObject(bucket, key);
    } catch (err) {
      if (s3Code(err) === 'NoSuchKey') {
        const missing = new AppError('STORAGE_ERROR', "The file's bytes are missing from the object store");
        missing.cause = err;
        throw missing;
      }
      throw storeError(err);
    }
  }

  async removeObject(bucket: string, key: string): Promise<void> {
    await this.client.removeObject(bucket, key).catch((err) => {
      if (s3Code(err) === 'NoSuchKey' || s3Code(err) === 'NoSuchBucket') return;
      throw storeError(err);
    });
  }

  /** After a failed upload: abort its multipart upload, if one was started, and any object. */
  private async discardUpload(bucket: string, key: string): Promise<void> {
    try {
      const uploadId = await this.client.findUploadId(bucket, key);
      if (uploadId) await this.client.abortMultipartUpload(bucket, key, uploadId);
      await this.client.removeObject(bucket, key);
    } catch {
      // The store is failing; the caller's pending row lets the sweeper finish this later.
    }
  }
}

function rethrow(err: unknown): never {
  throw storeError(err);
}
