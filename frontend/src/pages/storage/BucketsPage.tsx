import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { storage } from '../../api/endpoints';
import type { Bucket } from '../../api/types';
import { Icon } from '../../components/icons';
import { LiveBadge } from '../../components/LiveBadge';
import {
  Button,
  EmptyState,
  ErrorState,
  formatBytes,
  IconButton,
  LoadingState,
  PageHeader,
  SearchInput,
} from '../../components/ui';
import { useObjectChanges } from '../../realtime/realtime';
import '../../styles/storage.css';
import { BucketDialog } from './BucketDialog';
import { useDeleteBucket } from './useDeleteBucket';
import { VisibilityBadge } from './VisibilityBadge';

export function BucketsPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const deleteBucket = useDeleteBucket();
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<{ bucket?: Bucket } | null>(null);
  const list = useQuery({ queryKey: ['buckets'], queryFn: storage.buckets });
  const live = useObjectChanges(['buckets_changes', 'files_changes'], () => {
    void queryClient.invalidateQueries({ queryKey: ['buckets'], exact: true });
  });

  const buckets = list.data ?? [];
  const shown = buckets.filter((b) => b.name.includes(search.trim().toLowerCase()));
  const files = buckets.reduce((sum, b) => sum + b.file_count, 0);
  const bytes = buckets.reduce((sum, b) => sum + b.total_size, 0);
  const url = (b: Bucket) => `/storage/${encodeURIComponent(b.id)}`;

  return (
    <div className="page">
      <PageHeader
        title="Storage"
        icon="storage"
        subtitle={
          list.data && buckets.length > 0
            ? `${buckets.length} bucket${buckets.length === 1 ? '' : 's'} · ${files.toLocaleString()} file${files === 1 ? '' : 's'} · ${formatBytes(bytes)}`
            : 'Buckets of files in the object store, served by the API'
        }
        actions={
          <>
            <LiveBadge status={live} />
            <SearchInput
              label="Filter buckets"
              placeholder="Filter buckets"
              value={search}
              onChange={setSearch}
            />
            <Button variant="primary" icon="plus" onClick={() => setDialog({})}>
              New bucket
            </Button>
          </>
        }
      />
      <section className="card">
        {list.isPending ? (
          <LoadingState label="Loading buckets…" />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : buckets.length === 0 ? (
          <EmptyState
            icon="storage"
            title="No buckets yet"
            action={
              <Button variant="primary" icon="plus" onClick={() => setDialog({})}>
                Create your first bucket
              </Button>
            }
          >
            A bucket holds files: public ones are served to anyone by link, private ones by signed links.
          </EmptyState>
        ) : shown.length === 0 ? (
          <EmptyState icon="search" title="No bucket matches">
            No bucket name contains “{search.trim()}”.
          </EmptyState>
        ) : (
          <table className="list-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Description</th>
                <th>Visibility</th>
                <th className="num">Files</th>
                <th className="num">Size</th>
                <th>Created</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {shown.map((b) => (
                <tr key={b.id} className="clickable" data-bucket={b.name} onClick={() => navigate(url(b))}>
                  <td>
                    <Link to={url(b)} className="table-link" onClick={(e) => e.stopPropagation()}>
                      <Icon name="storage" size={14} /> {b.name}
                    </Link>
                  </td>
                  <td className="muted truncate">{b.description || '—'}</td>
                  <td>
                    <VisibilityBadge isPublic={b.is_public} />
                  </td>
                  <td className="num" data-testid="bucket-file-count">
                    {b.file_count.toLocaleString()}
                  </td>
                  <td className="num" data-testid="bucket-size">
                    {formatBytes(b.total_size)}
                  </td>
                  <td className="muted">{new Date(b.created_at).toLocaleDateString()}</td>
                  <td>
                    <div className="row-actions">
                      <IconButton
                        icon="edit"
                        label={`Edit ${b.name}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          setDialog({ bucket: b });
                        }}
                      />
                      <IconButton
                        icon="trash"
                        label={`Delete ${b.name}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          void deleteBucket(b);
                        }}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {dialog ? (
        <BucketDialog
          bucket={dialog.bucket}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            if (!dialog.bucket) navigate(url(saved));
          }}
        />
      ) : null}
    </div>
  );
}
