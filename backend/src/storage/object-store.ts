import type { Readable } from 'node:stream';

/** What the store recorded for an object it has fully received. */
export type StoredObject = { etag: string; size: number };

/** A byte range, both ends inclusive (as in HTTP `Range`). */
export type ByteRange = { start: number; end: number };

/**
 * The object store as SelfDB uses it: one store bucket per SelfDB bucket, objects under generated
 * keys. Implementations turn every failure into an AppError: STORAGE_UNAVAILABLE (503) when the
 * store cannot be reached, STORAGE_ERROR (502) when it refuses, so callers can leave metadata
 * untouched and answer at once.
 */
export interface ObjectStore {
  createBucket(bucket: string): Promise<void>;
  /** Removes an empty store bucket; one that is already gone counts as removed. */
  removeBucket(bucket: string): Promise<void>;
  /** Every object key in a store bucket. */
  listObjectNames(bucket: string): Promise<string[]>;
  /**
   * Streams `body` into an object, never holding more than about two upload parts in memory.
   * More than `maxBytes` bytes fails with FILE_TOO_LARGE, a body that ends early with
   * UPLOAD_ABORTED; in both cases nothing is left in the store.
   */
  putObject(
    bucket: string,
    key: string,
    body: Readable,
    options: { contentType: string; maxBytes: number },
  ): Promise<StoredObject>;
  /** The object's bytes, or the given range of them. */
  getObject(bucket: string, key: string, range?: ByteRange): Promise<Readable>;
  /** Removes an object; one that is already gone counts as removed. */
  removeObject(bucket: string, key: string): Promise<void>;
}
