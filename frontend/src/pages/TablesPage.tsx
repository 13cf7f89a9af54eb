import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { tables } from '../api/endpoints';
import { Icon } from '../components/icons';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  formatBytes,
  LoadingState,
  PageHeader,
  rowEstimate,
  SearchInput,
} from '../components/ui';
import { CreateTableDialog } from './CreateTableDialog';

export function TablesPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [creating, setCreating] = useState(params.has('new'));
  const [search, setSearch] = useState('');
  const list = useQuery({ queryKey: ['tables'], queryFn: tables.list });
  const shown = (list.data ?? []).filter((t) => t.name.toLowerCase().includes(search.trim().toLowerCase()));

  return (
    <div className="page">
      <PageHeader
        title="Tables"
        icon="table"
        subtitle="Tables in the public schema, each served by the REST API under its access policy"
        actions={
          <>
            <SearchInput
              label="Filter tables"
              placeholder="Filter tables"
              value={search}
              onChange={setSearch}
            />
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              New table
            </Button>
          </>
        }
      />
      <section className="card">
        {list.isPending ? (
          <LoadingState label="Loading tables…" />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState
            icon="table"
            title="No tables yet"
            action={
              <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
                Create your first table
              </Button>
            }
          >
            A table gets a REST endpoint at once: <code>/api/v1/tables/&lt;name&gt;/data</code>.
          </EmptyState>
        ) : shown.length === 0 ? (
          <EmptyState icon="search" title="No table matches">
            No table name contains “{search.trim()}”.
          </EmptyState>
        ) : (
          <table className="list-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Description</th>
                <th className="num">Columns</th>
                <th className="num">Rows (est.)</th>
                <th className="num">Size</th>
                <th>Access</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => (
                <tr
                  key={t.name}
                  className="clickable"
                  onClick={() => navigate(`/tables/${encodeURIComponent(t.name)}`)}
                >
                  <td>
                    <Link
                      to={`/tables/${encodeURIComponent(t.name)}`}
                      className="table-link"
                      onClick={(e) => e.stopPropagation()}
                    >
                      <Icon name="table" size={14} /> {t.name}
                    </Link>
                  </td>
                  <td className="muted truncate">{t.description || '—'}</td>
                  <td className="num">{t.column_count}</td>
                  <td className="num">{rowEstimate(t.row_estimate)}</td>
                  <td className="num">{formatBytes(t.size)}</td>
                  <td>
                    {t.is_public ? (
                      <Badge tone="brand">
                        <Icon name="globe" size={12} /> public
                      </Badge>
                    ) : (
                      <Badge>
                        <Icon name="lock" size={12} /> restricted
                      </Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {creating ? (
        <CreateTableDialog
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            navigate(`/tables/${encodeURIComponent(name)}`);
          }}
        />
      ) : null}
    </div>
  );
}
