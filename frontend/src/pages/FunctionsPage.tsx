import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { functions } from '../api/endpoints';
import { Icon } from '../components/icons';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  LoadingState,
  PageHeader,
  SearchInput,
} from '../components/ui';
import { useObjectChanges } from '../realtime/realtime';
import { CreateFunctionDialog } from './functions/CreateFunctionDialog';
import { ExecutionBadge, formatDuration, TriggerBadges, timeAgo } from './functions/run-status';
import '../styles/functions.css';

/** Runs are not broadcast (one per invocation would flood the change log): the list polls while shown. */
const LAST_RUN_REFRESH_MS = 10_000;

export function FunctionsPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const list = useQuery({
    queryKey: ['functions'],
    queryFn: functions.list,
    refetchInterval: LAST_RUN_REFRESH_MS,
  });
  useObjectChanges(
    ['functions_changes'],
    () => void queryClient.invalidateQueries({ queryKey: ['functions'] }),
  );
  const needle = search.trim().toLowerCase();
  const shown = (list.data ?? []).filter(
    (f) => f.name.includes(needle) || (f.description ?? '').toLowerCase().includes(needle),
  );

  return (
    <div className="page">
      <PageHeader
        title="Functions"
        icon="functions"
        subtitle="TypeScript run by Deno on HTTP requests, schedules, database changes and events"
        actions={
          <>
            <SearchInput
              label="Filter functions"
              placeholder="Filter functions"
              value={search}
              onChange={setSearch}
            />
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              New function
            </Button>
          </>
        }
      />
      <section className="card">
        {list.isPending ? (
          <LoadingState label="Loading functions…" />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState
            icon="functions"
            title="No functions yet"
            action={
              <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
                Create your first function
              </Button>
            }
          >
            Start from a template: an HTTP endpoint, a schedule, a database trigger, an event handler or a
            one-off task.
          </EmptyState>
        ) : shown.length === 0 ? (
          <EmptyState icon="search" title="No function matches">
            No function name or description contains “{search.trim()}”.
          </EmptyState>
        ) : (
          <table className="list-table" data-testid="functions-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Triggers</th>
                <th className="num">Version</th>
                <th>Last run</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((f) => (
                <tr key={f.id} className="clickable" onClick={() => navigate(`/functions/${f.id}`)}>
                  <td>
                    <Link
                      to={`/functions/${f.id}`}
                      className="table-link"
                      onClick={(e) => e.stopPropagation()}
                    >
                      <Icon name="functions" size={14} /> {f.name}
                    </Link>
                    {f.description ? <div className="muted text-small truncate">{f.description}</div> : null}
                  </td>
                  <td>{f.is_active ? <Badge tone="ok">active</Badge> : <Badge>inactive</Badge>}</td>
                  <td>
                    <TriggerBadges triggers={f.triggers} runOnce={f.run_once} />
                  </td>
                  <td className="num">v{f.version_number}</td>
                  <td data-testid={`last-run-${f.name}`}>
                    {f.last_execution ? (
                      <span className="fn-last-run">
                        <ExecutionBadge status={f.last_execution.status} />
                        <span title={new Date(f.last_execution.started_at).toLocaleString()}>
                          {timeAgo(f.last_execution.started_at)}
                        </span>
                        <span className="muted">
                          {f.last_execution.trigger} · {formatDuration(f.last_execution.duration_ms)}
                        </span>
                      </span>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {creating ? (
        <CreateFunctionDialog
          onClose={() => setCreating(false)}
          onCreated={(fn) => {
            setCreating(false);
            void queryClient.invalidateQueries({ queryKey: ['functions'] });
            navigate(`/functions/${fn.id}`);
          }}
        />
      ) : null}
    </div>
  );
}
