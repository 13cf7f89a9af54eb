import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { functions } from '../../api/endpoints';
import type { CloudFunction } from '../../api/types';
import { CodeDiff } from '../../components/CodeDiff';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  InlineError,
  LoadingState,
  useConfirm,
  useToast,
} from '../../components/ui';

/** Every version, newest first; the selected one is compared with the current code and can be restored. */
export function VersionsTab({
  fn,
  hasDraft,
  onRestored,
}: {
  fn: CloudFunction;
  hasDraft: boolean;
  onRestored: () => void;
}) {
  const confirm = useConfirm();
  const toast = useToast();
  const queryClient = useQueryClient();
  const versions = useQuery({
    queryKey: ['function-versions', fn.id],
    queryFn: () => functions.versions(fn.id),
  });
  const [picked, setPicked] = useState<number | null>(null);
  const list = versions.data ?? [];
  const selected =
    list.find((v) => v.version_number === picked) ??
    list.find((v) => v.version_number !== fn.version_number) ??
    list[0];

  const restore = useMutation({
    mutationFn: (n: number) => functions.restore(fn.id, n),
    onSuccess: (updated, n) => {
      queryClient.setQueryData(['function', fn.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['function-versions', fn.id] });
      void queryClient.invalidateQueries({ queryKey: ['functions'] });
      setPicked(null);
      onRestored();
      toast('ok', `Version ${n} restored as version ${updated.version_number}`);
    },
  });

  const ask = async (n: number) => {
    const ok = await confirm({
      title: `Restore version ${n}?`,
      message: (
        <>
          Its code becomes current again as a new version, deployed at once. Version {fn.version_number} stays
          in the history.
          {hasDraft ? ' Your unsaved edits in the editor will be discarded.' : ''}
        </>
      ),
      confirmLabel: `Restore version ${n}`,
    });
    if (ok) restore.mutate(n);
  };

  if (versions.isPending) return <LoadingState label="Loading versions…" />;
  if (versions.error) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />;
  return (
    <div className="fn-versions">
      <aside className="card fn-version-list" aria-label="Versions">
        {list.map((v) => (
          <button
            key={v.id}
            type="button"
            className={`side-item side-item-main ${selected?.id === v.id ? 'side-item-active' : ''}`}
            onClick={() => setPicked(v.version_number)}
          >
            <span className="side-item-title">
              Version {v.version_number}{' '}
              {v.version_number === fn.version_number ? <Badge tone="ok">current</Badge> : null}
            </span>
            <span className="side-item-sub">{new Date(v.created_at).toLocaleString()}</span>
          </button>
        ))}
      </aside>
      <section className="card fn-diff-pane">
        {!selected ? (
          <EmptyState icon="clock" title="No versions" />
        ) : (
          <>
            <div className="card-header">
              <h2>
                {selected.version_number === fn.version_number
                  ? `Version ${selected.version_number} is the current code`
                  : `Version ${selected.version_number} → current (version ${fn.version_number})`}
              </h2>
              <div className="toolbar-right">
                <InlineError error={restore.error} />
                <Button
                  variant="primary"
                  icon="refresh"
                  busy={restore.isPending}
                  disabled={selected.version_number === fn.version_number}
                  onClick={() => void ask(selected.version_number)}
                >
                  Restore version {selected.version_number}
                </Button>
              </div>
            </div>
            <div className="fn-diff-labels">
              <span>Version {selected.version_number}</span>
              <span>Current (version {fn.version_number})</span>
            </div>
            <div className="fn-diff" data-testid="version-diff">
              <CodeDiff original={selected.code} modified={fn.code} language="typescript" />
            </div>
          </>
        )}
      </section>
    </div>
  );
}
