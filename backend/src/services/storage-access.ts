import { type Caller, isLoggedIn } from '../auth/caller.js';

/**
 * Who may do what with buckets and files (API.md §7), in one place. The route declares the least
 * a caller must be; these rules decide for the bucket or file at hand.
 */
type BucketRef = { owner_id: string; is_public: boolean };
type FileRef = { owner_id: string | null };

function userId(caller: Caller): string | null {
  return isLoggedIn(caller) ? caller.user.id : null;
}

function isSuperuser(caller: Caller): boolean {
  return caller.role === 'superuser';
}

export function ownsBucket(caller: Caller, bucket: BucketRef): boolean {
  return userId(caller) === bucket.owner_id;
}

/** Public buckets: anyone. Private: their owner and superusers. */
export function mayReadBucket(caller: Caller, bucket: BucketRef): boolean {
  return bucket.is_public || ownsBucket(caller, bucket) || isSuperuser(caller);
}

/** Change settings or delete: the owner and superusers. */
export function mayManageBucket(caller: Caller, bucket: BucketRef): boolean {
  return ownsBucket(caller, bucket) || isSuperuser(caller);
}

/** Anon: public buckets; users: their own and public buckets; superusers: all. */
export function mayUpload(caller: Caller, bucket: BucketRef): boolean {
  if (caller.role === 'public') return false;
  return bucket.is_public || ownsBucket(caller, bucket) || isSuperuser(caller);
}

/** Public bucket: anyone. Private: the bucket owner, the file owner, superusers. */
export function mayReadFile(caller: Caller, bucket: BucketRef, file: FileRef): boolean {
  const id = userId(caller);
  return mayReadBucket(caller, bucket) || (id !== null && id === file.owner_id);
}

/** The file owner, the bucket owner, superusers. */
export function mayDeleteFile(caller: Caller, bucket: BucketRef, file: FileRef): boolean {
  const id = userId(caller);
  return mayManageBucket(caller, bucket) || (id !== null && id === file.owner_id);
}
