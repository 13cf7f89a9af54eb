import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { storage } from '../../api/endpoints';
import { useLeaveGuard } from '../../lib/useLeaveGuard';

export type UploadStatus = 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';
export type Upload = { key: number; file: File; loaded: number; status: UploadStatus; error: unknown };

/** Uploads running at once; the rest wait their turn (browsers allow ~6 connections per host). */
const PARALLEL = 3;
let nextKey = 1;

/**
 * The upload queue of one bucket page. Each file is one initiate-upload and one streamed PUT, so
 * its progress is the PUT's and cancelling it aborts that one request. Leaving the page cancels
 * what is still running.
 */
export function useUploads(bucketId: string) {
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const controllers = useRef(new Map<number, AbortController>());

  const patch = useCallback((key: number, change: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const run = useCallback(
    async (upload: Upload) => {
      const controller = new AbortController();
      controllers.current.set(upload.key, controller);
      patch(upload.key, { status: 'uploading', loaded: 0, error: null });
      let fileId: string | null = null;
      try {
        const { file } = upload;
        const start = await storage.initiateUpload(
          {
            bucket_id: bucketId,
            filename: file.name,
            size: file.size,
            ...(file.type ? { content_type: file.type } : {}),
          },
          controller.signal,
        );
        fileId = start.file_metadata.id;
        await storage.uploadContent(start, file, {
          signal: controller.signal,
          onProgress: (loaded) => patch(upload.key, { loaded }),
        });
        patch(upload.key, { status: 'done', loaded: file.size });
        // Realtime also announces the new file; this covers a dashboard whose socket is down.
        void queryClient.invalidateQueries({ queryKey: ['buckets'] });
      } catch (error) {
        if (!controller.signal.aborted) {
          patch(upload.key, { status: 'failed', error });
          return;
        }
        patch(upload.key, { status: 'cancelled' });
        // The API discards a file whose PUT is cut short; one whose PUT had not begun yet (or had
        // just finished) is removed here, so a cancelled upload never leaves a file behind.
        if (fileId) await storage.deleteFile(fileId).catch(() => undefined);
      } finally {
        controllers.current.delete(upload.key);
      }
    },
    [bucketId, patch, queryClient],
  );

  useEffect(() => {
    let running = uploads.filter((u) => u.status === 'uploading').length;
    for (const upload of uploads) {
      if (running >= PARALLEL) break;
      if (upload.status === 'queued' && !controllers.current.has(upload.key)) {
        running++;
        void run(upload);
      }
    }
  }, [uploads, run]);

  const busy = uploads.some((u) => u.status === 'uploading' || u.status === 'queued');
  useLeaveGuard(busy, {
    title: 'Leave while uploading?',
    message: 'Uploads still running will be cancelled.',
  });

  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const controller of running.values()) controller.abort();
    };
  }, []);

  return {
    uploads,
    add: useCallback((files: File[]) => {
      const added = files.map(
        (file): Upload => ({ key: nextKey++, file, loaded: 0, status: 'queued', error: null }),
      );
      setUploads((list) => [...list, ...added]);
    }, []),
    cancel: useCallback(
      (key: number) => {
        const controller = controllers.current.get(key);
        if (controller) controller.abort();
        else patch(key, { status: 'cancelled' });
      },
      [patch],
    ),
    retry: useCallback((key: number) => patch(key, { status: 'queued', loaded: 0, error: null }), [patch]),
    clearFinished: useCallback(
      () => setUploads((list) => list.filter((u) => u.status === 'queued' || u.status === 'uploading')),
      [],
    ),
  };
}
