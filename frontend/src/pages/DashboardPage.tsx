import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { describeError } from '../api/client';
import { functions, storage, tables, users } from '../api/endpoints';
import { Icon, type IconName } from '../components/icons';
import {
  Badge,
  EmptyState,
  ErrorState,
  formatBytes,
  LoadingState,
  PageHeader,
  rowEstimate,
  Spinner,
} from '../components/ui';
import { useObjectChanges } from '../realtime/realtime';

function StatCard({
  label,
  icon,
  to,
  query,
  format = (n) => n.toLocaleString(),
}: {
  label: string;
  icon: IconName;
  to: string;
  query: { data: number | undefined; isPending: boolean; error: unknown };
  format?: (n: number) => string;
}) {
  const unavailable = query.error ? describeError(query.error).status === 404 : false;
  return (
    <Link to={to} className="stat-card" aria-label={label}>
      <div className="stat-top">
        <span className="stat-label">{label}</span>
        <span className="stat-icon">
          <Icon name={icon} size={17} />
        </span>
      </div>
      <div className="stat-value" data-testid={`stat-${label.toLowerCase().replace(/\s+/g, '-')}`}>
        {query.isPending && !query.error ? (
          <Spinner size={20} />
        ) : query.error ? (
          <span className="stat-na" title={describeError(query.error).message}>
            {unavailable ? 'Not available yet' : 'Could not load'}
          </span>
        ) : (
          format(query.data ?? 0)
        )}
      </div>
    </Link>
  );
}

export function DashboardPage() {
  const queryClient = useQueryClient();
  const userCount = useQuery({ queryKey: ['users', 'count'], queryFn: users.count, refetchInterval: 30_000 });
  const tableList = useQuery({ queryKey: ['tables'], queryFn: tables.list, refetchInterval: 30_000 });
  const buckets = useQuery({ queryKey: ['buckets'], queryFn: storage.buckets, retry: false });
  const functionList = useQuery({ queryKey: ['functions'], queryFn: functions.list, retry: false });

  // Every row change of every table arrives on tables_changes: refetch at most once a second.
  const pending = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const live = useObjectChanges(
    ['users_changes', 'tables_changes', 'buckets_changes', 'files_changes', 'functions_changes'],
    (c) => {
      const name = c.channel.replace(/_changes$/, '');
      pending.current.add(name === 'files' ? 'buckets' : name);
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        for (const key of pending.current) void queryClient.invalidateQueries({ queryKey: [key] });
        pending.current.clear();
      }, 1000);
    },
  );
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const storageUsed = {
    data: buckets.data?.reduce((sum, b) => sum + (b.total_size ?? 0), 0),
    isPending: buckets.isPending,
    error: buckets.error,
  };

  return (
    <div className="page">
      <PageHeader
        title="Dashboard"
        icon="dashboard"
        subtitle="An overview of this SelfDB instance"
        actions={
          <Badge tone={live === 'live' ? 'ok' : 'neutral'}>
            <span className={`dot ${live === 'live' ? 'dot-live' : ''}`} />
            {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Realtime offline'}
          </Badge>
        }
      />
      <div className="stats">
        <StatCard label="Users" icon="users" to="/users" query={userCount} />
        <StatCard
          label="Tables"
          icon="table"
          to="/tables"
          query={{ data: tableList.data?.length, isPending: tableList.isPending, error: tableList.error }}
        />
        <StatCard
          label="Storage used"
          icon="storage"
          to="/storage"
          query={storageUsed}
          format={formatBytes}
        />
        <StatCard
          label="Functions"
          icon="functions"
          to="/functions"
          query={{
            data: functionList.data?.length,
            isPending: functionList.isPending,
            error: functionList.error,
          }}
        />
      </div>

      <section className="card">
        <header className="card-header">
          <h2>Largest tables</h2>
          <Link to="/tables" className="link">
            All tables <Icon name="chevronRight" size={14} />
          </Link>
        </header>
        {tableList.isPending ? (
          <LoadingState />
        ) : tableList.error ? (
          <ErrorState error={tableList.error} onRetry={() => void tableList.refetch()} />
        ) : tableList.data.length === 0 ? (
          <EmptyState
            icon="table"
            title="No tables yet"
            action={
              <Link to="/tables?new" className="btn btn-primary btn-md">
                Create a table
              </Link>
            }
          >
            Create your first table to store data behind the REST API.
          </EmptyState>
        ) : (
          <table className="list-table">
            <thead>
              <tr>
                <th>Table</th>
                <th className="num">Rows (est.)</th>
                <th className="num">Size</th>
                <th>Access</th>
              </tr>
            </thead>
            <tbody>
              {[...tableList.data]
                .sort((a, b) => b.size - a.size)
                .slice(0, 6)
                .map((t) => (
                  <tr key={t.name}>
                    <td>
                      <Link to={`/tables/${encodeURIComponent(t.name)}`} className="table-link">
                        <Icon name="table" size={14} /> {t.name}
                      </Link>
                    </td>
                    <td className="num">{rowEstimate(t.row_estimate)}</td>
                    <td className="num">{formatBytes(t.size)}</td>
                    <td>{t.is_public ? <Badge tone="brand">public</Badge> : <Badge>private</Badge>}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
