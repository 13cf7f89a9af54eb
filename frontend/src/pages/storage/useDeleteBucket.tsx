import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { storage } from '../../api/endpoints';
import type { Bucket } from '../../api/types';
import { formatBytes, useConfirm, useToast } from '../../components/ui';
import { errorText } from './error-text';

/**
 * Deletes a bucket after asking. A bucket with files asks a second time, naming how many files
 * will be destroyed, and only then deletes with `force`. If the count was stale and the bucket is
 * not empty after all, the API refuses (BUCKET_NOT_EMPTY) rather than deleting unasked.
 * Resolves true once the bucket is gone.
 */
export function useDeleteBucket() {
  const confirm = useConfirm();
  const toast = useToast();
  const queryClient = useQueryClient();
  return useCallback(
    async (bucket: Bucket): Promise<boolean> => {
      const count = bucket.file_count;
      const files = `${count.toLocaleString()} file${count === 1 ? '' : 's'}`;
      const first = await confirm({
        title: `Delete bucket ${bucket.name}?`,
        message:
          count > 0 ? (
            <>
              <strong>{bucket.name}</strong> is not empty: it holds {files} ({formatBytes(bucket.total_size)}
              ).
            </>
          ) : (
            <>
              The empty bucket <strong>{bucket.name}</strong> will be deleted.
            </>
          ),
        confirmLabel: count > 0 ? 'Continue' : 'Delete bucket',
      });
      if (!first) return false;
      if (count > 0) {
        const second = await confirm({
          title: `Destroy ${files}?`,
          message: (
            <>
              Deleting <strong>{bucket.name}</strong> also destroys all {files} in it (
              {formatBytes(bucket.total_size)}). They cannot be recovered, and every link to them stops
              working.
            </>
          ),
          confirmLabel: `Delete bucket and ${files}`,
          typeToConfirm: bucket.name,
        });
        if (!second) return false;
      }
      try {
        await storage.deleteBucket(bucket.id, count > 0);
        toast('ok', `Bucket ${bucket.name} deleted`);
        queryClient.removeQueries({ queryKey: ['buckets', bucket.id] });
        await queryClient.invalidateQueries({ queryKey: ['buckets'] });
        return true;
      } catch (err) {
        toast('danger', errorText(err));
        await queryClient.invalidateQueries({ queryKey: ['buckets'] });
        return false;
      }
    },
    [confirm, queryClient, toast],
  );
}
