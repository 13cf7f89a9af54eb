import { describeError } from '../../api/client';
import { Icon } from '../../components/icons';
import { ProgressBar } from '../../components/ProgressBar';
import { Button, formatBytes, IconButton } from '../../components/ui';
import { fileKind, KIND_ICONS } from './file-kind';
import type { Upload } from './useUploads';

const STATUS_TONE = {
  queued: 'muted',
  uploading: 'brand',
  done: 'ok',
  failed: 'danger',
  cancelled: 'muted',
} as const;

function statusText(upload: Upload): string {
  const { file, loaded } = upload;
  switch (upload.status) {
    case 'queued':
      return 'Waiting…';
    case 'uploading':
      return `${formatBytes(loaded)} of ${formatBytes(file.size)}`;
    case 'done':
      return `Uploaded · ${formatBytes(file.size)}`;
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Failed';
  }
}

/** The files being uploaded to a bucket, each with its own progress and a way to stop it. */
export function UploadPanel({
  uploads,
  onCancel,
  onRetry,
  onClear,
}: {
  uploads: Upload[];
  onCancel: (key: number) => void;
  onRetry: (key: number) => void;
  onClear: () => void;
}) {
  const active = uploads.filter((u) => u.status === 'queued' || u.status === 'uploading').length;
  return (
    <section className="card upload-panel" aria-label="Uploads">
      <header className="card-header">
        <h2>{active > 0 ? `Uploading ${active} file${active === 1 ? '' : 's'}` : 'Uploads'}</h2>
        {active < uploads.length ? (
          <Button size="sm" variant="ghost" onClick={onClear}>
            Clear finished
          </Button>
        ) : null}
      </header>
      <ul className="upload-list">
        {uploads.map((upload) => {
          const { file } = upload;
          const fraction = upload.status === 'done' ? 1 : file.size > 0 ? upload.loaded / file.size : 0;
          const error = upload.status === 'failed' ? describeError(upload.error) : null;
          return (
            <li key={upload.key} className={`upload-item upload-${upload.status}`} data-testid="upload-item">
              <Icon name={KIND_ICONS[fileKind(file.type)]} size={18} className="upload-icon" />
              <div className="upload-main">
                <div className="upload-line">
                  <span className="upload-name truncate" title={file.name}>
                    {file.name}
                  </span>
                  <span className="upload-status">
                    {upload.status === 'uploading' ? `${Math.round(fraction * 100)}% · ` : ''}
                    {statusText(upload)}
                  </span>
                </div>
                <ProgressBar
                  value={upload.status === 'cancelled' ? 0 : fraction}
                  label={`Upload of ${file.name}`}
                  tone={STATUS_TONE[upload.status]}
                />
                {error ? (
                  <div className="upload-error" role="alert">
                    {error.message}
                    {error.code ? <code className="error-code">{error.code}</code> : null}
                  </div>
                ) : null}
              </div>
              {upload.status === 'queued' || upload.status === 'uploading' ? (
                <IconButton
                  icon="x"
                  label={`Cancel upload of ${file.name}`}
                  onClick={() => onCancel(upload.key)}
                />
              ) : upload.status === 'failed' || upload.status === 'cancelled' ? (
                <IconButton
                  icon="refresh"
                  label={`Retry upload of ${file.name}`}
                  onClick={() => onRetry(upload.key)}
                />
              ) : (
                <Icon name="check" size={18} className="upload-check" />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
