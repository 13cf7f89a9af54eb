import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { storage } from '../../api/endpoints';
import type { StoredFile } from '../../api/types';
import { Icon } from '../../components/icons';
import { LiveBadge } from '../../components/LiveBadge';
import { Pager } from '../../components/Pager';
import {
  Button,
  EmptyState,
  ErrorState,
  formatBytes,
  LoadingState,
  PageHeader,
  SearchInput,
} from '../../components/ui';
import { useObjectChanges } from '../../realtime/realtime';
import '../../styles/storage.css';
import { BucketDialog } from './BucketDialog';
import { DropZone } from './DropZone';
import { FilePreview } from './FilePreview';
import { FilesTable } from './FilesTable';
import { UploadPanel } from './UploadPanel';
import { useDeleteBucket } from './useDeleteBucket';
import { useUploads } from './useUploads';
import { VisibilityBadge } from './VisibilityBadge';

const PAGE_SIZE = 50;

export function BucketPage() {
  const { bucketId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const deleteBucket = useDeleteBucket();
  const uploads = useUploads(bucketId);
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState(false);
  const [opened, setOpened] = useState<StoredFile | null>(null);

  const bucket = useQuery({ queryKey: ['buckets', bucketId], queryFn: () => storage.bucket(bucketId) });
  const files = useQuery({
    queryKey: ['buckets', bucketId, 'files', deferred, page],
    queryFn: () => storage.files(bucketId, { search: deferred, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  // Deleting the last files of the last page leaves it empty: show the page before it instead.
  const emptyPage = page > 1 && files.data?.length === 0;
  useEffect(() => {
    if (emptyPage) setPage((p) => p - 1);
  }, [emptyPage]);

  // A file row names its bucket; a bucket row is the bucket. Either way this page refreshes.
  const live = useObjectChanges(['buckets_changes', 'files_changes'], (change) => {
    const row = change.payload.new ?? change.payload.old;
    const id = change.channel === 'files_changes' ? row?.bucket_id : row?.id;
    if (id === bucketId) void queryClient.invalidateQueries({ queryKey: ['buckets', bucketId] });
  });

  if (bucket.isPending) return <LoadingState label="Loading the bucket…" />;
  if (bucket.error) {
    return (
      <div className="page">
        <Crumbs name="Bucket" />
        <ErrorState error={bucket.error} onRetry={() => void bucket.refetch()} />
      </div>
    );
  }
  const b = bucket.data;
  const limit = b.file_size_limit
    ? `up to ${formatBytes(b.file_size_limit)} each`
    : "up to the server's limit each";
  const pages = deferred ? null : Math.max(1, Math.ceil(b.file_count / PAGE_SIZE));
  const hasNext = pages === null ? (files.data?.length ?? 0) === PAGE_SIZE : page < pages;

  return (
    <div className="page page-wide">
      <Crumbs name={b.name} />
      <PageHeader
        icon="storage"
        title={
          <span className="title-with-badges">
            {b.name}
            <VisibilityBadge isPublic={b.is_public} />
          </span>
        }
        subtitle={
          <>
            {b.description ? `${b.description} · ` : ''}
            <span data-testid="bucket-stats">
              {b.file_count.toLocaleString()} file{b.file_count === 1 ? '' : 's'} ·{' '}
              {formatBytes(b.total_size)}
            </span>
          </>
        }
        actions={
          <>
            <LiveBadge status={live} />
            <Button icon="edit" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              variant="danger"
              icon="trash"
              onClick={async () => {
                if (await deleteBucket(b)) navigate('/storage');
              }}
            >
              Delete bucket
            </Button>
          </>
        }
      />
      <DropZone onFiles={uploads.add} limit={limit} />
      {uploads.uploads.length > 0 ? (
        <UploadPanel
          uploads={uploads.uploads}
          onCancel={uploads.cancel}
          onRetry={uploads.retry}
          onClear={uploads.clearFinished}
        />
      ) : null}
      <section className="card">
        <header className="card-header">
          <h2>Files</h2>
          <SearchInput
            label="Search files"
            placeholder="Search file names"
            value={search}
            onChange={(text) => {
              setSearch(text);
              setPage(1);
            }}
          />
        </header>
        {files.isPending ? (
          <LoadingState label="Loading files…" />
        ) : files.error ? (
          <ErrorState error={files.error} onRetry={() => void files.refetch()} />
        ) : files.data.length === 0 ? (
          deferred ? (
            <EmptyState icon="search" title="No file matches">
              No file name contains “{deferred}”.
            </EmptyState>
          ) : (
            <EmptyState icon="upload" title="This bucket is empty">
              Drop files above, or upload them through the API: <code>POST /api/v1/buckets/{b.id}/files</code>
            </EmptyState>
          )
        ) : (
          <>
            <FilesTable files={files.data} bucket={b} onOpen={setOpened} />
            {page > 1 || hasNext ? (
              <Pager
                className="pad"
                page={page}
                pageCount={pages}
                hasNext={hasNext}
                onPage={setPage}
                summary={files.isFetching ? 'Refreshing…' : ''}
              />
            ) : null}
          </>
        )}
      </section>
      {editing ? (
        <BucketDialog bucket={b} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      ) : null}
      {opened ? <FilePreview file={opened} bucket={b} onClose={() => setOpened(null)} /> : null}
    </div>
  );
}

function Crumbs({ name }: { name: string }) {
  return (
    <nav className="crumbs" aria-label="Breadcrumb">
      <Link to="/storage">Storage</Link>
      <Icon name="chevronRight" size={13} />
      <span>{name}</span>
    </nav>
  );
}
