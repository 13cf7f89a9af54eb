import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { storage } from '../../api/endpoints';
import type { Bucket, StoredFile } from '../../api/types';
import { Icon } from '../../components/icons';
import { Badge, Button, ErrorState, formatBytes, LoadingState, Modal } from '../../components/ui';
import { fileKind, KIND_ICONS, PREVIEWABLE } from './file-kind';
import { useFileActions } from './useFileActions';

const LINK_LIFETIMES = [
  [3600, '1 hour'],
  [24 * 3600, '1 day'],
  [7 * 24 * 3600, '7 days'],
] as const;

/** The file itself, drawn by the browser from its view URL. */
function PreviewStage({ file, url }: { file: StoredFile; url: string }) {
  const kind = fileKind(file.content_type);
  switch (kind) {
    case 'image':
      return <img className="preview-media" src={url} alt={file.filename} />;
    case 'video':
      // biome-ignore lint/a11y/useMediaCaption: uploaded files come without a captions track
      return <video className="preview-media" src={url} controls preload="metadata" />;
    case 'audio':
      // biome-ignore lint/a11y/useMediaCaption: uploaded files come without a captions track
      return <audio className="preview-audio" src={url} controls preload="metadata" />;
    case 'pdf':
      return <iframe className="preview-frame" src={url} title={`Preview of ${file.filename}`} />;
    case 'text':
      // The API serves text with nosniff (and HTML/XML sandboxed), so the frame only shows it.
      return (
        <iframe className="preview-frame preview-text" src={url} title={`Preview of ${file.filename}`} />
      );
    default:
      return null;
  }
}

/** A file opened from the list: its preview where the browser can draw it, its details and actions. */
export function FilePreview({
  file,
  bucket,
  onClose,
}: {
  file: StoredFile;
  bucket: Bucket;
  onClose: () => void;
}) {
  const actions = useFileActions(bucket);
  const [lifetime, setLifetime] = useState<number>(LINK_LIFETIMES[0][0]);
  const kind = fileKind(file.content_type);
  const view = useQuery({
    queryKey: ['file-view', file.id],
    queryFn: () => storage.fileLink(file.id, 'view'),
    enabled: PREVIEWABLE.has(kind),
    // Signed view URLs last an hour; a fresh one is fetched well before that.
    staleTime: 10 * 60_000,
  });

  return (
    <Modal
      wide
      title={file.filename}
      onClose={onClose}
      footer={
        <>
          <Button
            variant="danger"
            icon="trash"
            className="footer-start"
            onClick={async () => {
              if (await actions.remove(file)) onClose();
            }}
          >
            Delete
          </Button>
          {bucket.is_public ? (
            <Button icon="link" onClick={() => void actions.copyLink(file)}>
              Copy public link
            </Button>
          ) : (
            <>
              <select
                className="input link-lifetime"
                aria-label="Signed link valid for"
                value={lifetime}
                onChange={(e) => setLifetime(Number(e.target.value))}
              >
                {LINK_LIFETIMES.map(([seconds, label]) => (
                  <option key={seconds} value={seconds}>
                    Valid for {label}
                  </option>
                ))}
              </select>
              <Button icon="link" onClick={() => void actions.copyLink(file, lifetime)}>
                Copy signed link
              </Button>
            </>
          )}
          <Button variant="primary" icon="download" onClick={() => void actions.download(file)}>
            Download
          </Button>
        </>
      }
    >
      <div className="preview">
        <div className="preview-stage" data-testid="file-preview">
          {!PREVIEWABLE.has(kind) ? (
            <div className="file-card">
              <Icon name={KIND_ICONS[kind]} size={40} />
              <strong className="truncate">{file.filename}</strong>
              <span className="muted">
                {file.content_type} · {formatBytes(file.size)}
              </span>
              <span className="muted text-small">
                The browser cannot show this type here: download it to open it.
              </span>
            </div>
          ) : view.isPending ? (
            <LoadingState label="Loading the preview…" />
          ) : view.error ? (
            <ErrorState error={view.error} onRetry={() => void view.refetch()} />
          ) : (
            <PreviewStage file={file} url={view.data.url} />
          )}
        </div>
        <dl className="preview-meta">
          <dt>Type</dt>
          <dd className="mono">{file.content_type}</dd>
          <dt>Size</dt>
          <dd>
            {formatBytes(file.size)} <span className="muted">({file.size.toLocaleString()} bytes)</span>
          </dd>
          <dt>Uploaded</dt>
          <dd>{new Date(file.created_at).toLocaleString()}</dd>
          <dt>Access</dt>
          <dd>
            {bucket.is_public ? (
              <Badge tone="brand">
                <Icon name="globe" size={12} /> public link
              </Badge>
            ) : (
              <Badge>
                <Icon name="lock" size={12} /> signed links only
              </Badge>
            )}
          </dd>
          <dt>File id</dt>
          <dd className="mono text-small">{file.id}</dd>
        </dl>
      </div>
    </Modal>
  );
}
