import type { Bucket, StoredFile } from '../../api/types';
import { Icon } from '../../components/icons';
import { formatBytes, IconButton } from '../../components/ui';
import { fileKind, KIND_ICONS } from './file-kind';
import { useFileActions } from './useFileActions';

/** A page of a bucket's files, each opening its preview, with its actions at the end of the row. */
export function FilesTable({
  files,
  bucket,
  onOpen,
}: {
  files: StoredFile[];
  bucket: Bucket;
  onOpen: (file: StoredFile) => void;
}) {
  const actions = useFileActions(bucket);
  return (
    <table className="list-table files-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th className="num">Size</th>
          <th>Uploaded</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.id} data-file-name={file.filename}>
            <td className="file-name-cell">
              <button type="button" className="file-name" onClick={() => onOpen(file)} title={file.filename}>
                <Icon name={KIND_ICONS[fileKind(file.content_type)]} size={15} />
                <span className="truncate">{file.filename}</span>
              </button>
            </td>
            <td className="muted mono text-small">{file.content_type}</td>
            <td className="num">{formatBytes(file.size)}</td>
            <td className="muted">{new Date(file.created_at).toLocaleString()}</td>
            <td>
              <div className="row-actions">
                <IconButton icon="eye" label={`Preview ${file.filename}`} onClick={() => onOpen(file)} />
                <IconButton
                  icon="download"
                  label={`Download ${file.filename}`}
                  onClick={() => void actions.download(file)}
                />
                <IconButton
                  icon="link"
                  label={`${bucket.is_public ? 'Copy public link to' : 'Copy signed link to'} ${file.filename}`}
                  onClick={() => void actions.copyLink(file)}
                />
                <IconButton
                  icon="trash"
                  label={`Delete ${file.filename}`}
                  onClick={() => void actions.remove(file)}
                />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
