import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { storage } from '../../api/endpoints';
import type { Bucket, StoredFile } from '../../api/types';
import { formatBytes, useConfirm, useToast } from '../../components/ui';
import { copyText } from '../../lib/clipboard';
import { errorText } from './error-text';

/** Starts a browser download of a URL that answers with `Content-Disposition: attachment`. */
function startDownload(url: string) {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

/**
 * Download, copy a link and delete: the same three actions from the file list and the preview.
 * Links come from the API at the moment of the click, so a signed one is always fresh; downloads
 * use the signed download URL, which needs no credentials, rather than an authenticated request.
 */
export function useFileActions(bucket: Pick<Bucket, 'is_public'>) {
  const confirm = useConfirm();
  const toast = useToast();
  const queryClient = useQueryClient();

  const download = useCallback(
    async (file: StoredFile) => {
      try {
        startDownload((await storage.fileLink(file.id, 'download')).url);
      } catch (err) {
        toast('danger', errorText(err));
      }
    },
    [toast],
  );

  const copyLink = useCallback(
    async (file: StoredFile, expiresIn?: number) => {
      try {
        const link = await storage.fileLink(file.id, 'view', expiresIn);
        await copyText(link.url);
        toast(
          'ok',
          link.expires_at
            ? `Signed link copied; it works until ${new Date(link.expires_at).toLocaleString()}`
            : 'Public link copied',
        );
      } catch (err) {
        toast('danger', errorText(err));
      }
    },
    [toast],
  );

  const remove = useCallback(
    async (file: StoredFile): Promise<boolean> => {
      const ok = await confirm({
        title: `Delete ${file.filename}?`,
        message: (
          <>
            <strong>{file.filename}</strong> ({formatBytes(file.size)}) will be deleted permanently.
            {bucket.is_public ? ' Its public link stops working.' : ' Signed links to it stop working.'}
          </>
        ),
        confirmLabel: 'Delete file',
      });
      if (!ok) return false;
      try {
        await storage.deleteFile(file.id);
        toast('ok', `${file.filename} deleted`);
        await queryClient.invalidateQueries({ queryKey: ['buckets'] });
        return true;
      } catch (err) {
        toast('danger', errorText(err));
        return false;
      }
    },
    [bucket.is_public, confirm, queryClient, toast],
  );

  return { download, copyLink, remove };
}
