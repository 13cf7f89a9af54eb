import { createHash } from 'node:crypto';

/** Secrets are compared as fixed-length digests so the comparison takes the same time whatever the input. */
export function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
