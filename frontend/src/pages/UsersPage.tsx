import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { users } from '../api/endpoints';
import { Icon } from '../components/icons';
import { Badge, EmptyState, ErrorState, LoadingState, PageHeader } from '../components/ui';

export function UsersPage() {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const list = useQuery({ queryKey: ['users', 'list', deferred], queryFn: () => users.list(deferred) });

  return (
    <div className="page">
      <PageHeader
        title="Users"
        icon="users"
        subtitle="Everyone who can sign in to apps built on this instance"
        actions={
          <div className="search">
            <Icon name="search" size={15} />
            <input
              className="input"
              placeholder="Search by email"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              aria-label="Search users"
            />
          </div>
        }
      />
      <section className="card">
        {list.isPending ? (
          <LoadingState label="Loading users…" />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState icon="users" title={deferred ? 'No user matches' : 'No users yet'}>
            {deferred ? `Nobody's email contains “${deferred}”.` : 'Users appear here when they register.'}
          </EmptyState>
        ) : (
          <table className="list-table">
            <thead>
              <tr>
                <th>Email</th>
                <th>Name</th>
                <th>Role</th>
                <th>Status</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((u) => (
                <tr key={u.id}>
                  <td>
                    <span className="user-cell">
                      <span className="avatar avatar-sm">{u.email.slice(0, 1).toUpperCase()}</span>
                      {u.email}
                    </span>
                  </td>
                  <td className="muted">{u.full_name || '—'}</td>
                  <td>{u.is_superuser ? <Badge tone="brand">superuser</Badge> : <Badge>user</Badge>}</td>
                  <td>
                    {u.is_active ? <Badge tone="ok">active</Badge> : <Badge tone="warn">inactive</Badge>}
                  </td>
                  <td className="muted">{new Date(u.created_at).toLocaleDateString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <p className="page-note">
        Creating, editing and removing users arrives with the next dashboard release.
      </p>
    </div>
  );
}
