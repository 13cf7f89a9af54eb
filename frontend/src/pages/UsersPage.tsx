import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useState } from 'react';
import { users } from '../api/endpoints';
import { sessions } from '../api/instance';
import type { User } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { Pager } from '../components/Pager';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  IconButton,
  InlineError,
  LoadingState,
  PageHeader,
  SearchInput,
  useToast,
} from '../components/ui';
import { useObjectChanges } from '../realtime/realtime';
import '../styles/users.css';
import { CreateUserDialog } from './users/CreateUserDialog';
import { EditUserDialog } from './users/EditUserDialog';
import { ResetPasswordDialog } from './users/ResetPasswordDialog';
import { useUserActions } from './users/useUserActions';

const PAGE_SIZES = [25, 50, 100];

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | null;

export function UsersPage() {
  const { session, logout } = useAuth();
  const toast = useToast();
  const actions = useUserActions();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0] ?? 25);
  const [dialog, setDialog] = useState<Dialog>(null);
  const deferred = useDeferredValue(search.trim());

  // The list has no total: asking for one row more than a page tells whether a next page exists.
  const list = useQuery({
    queryKey: ['users', 'list', deferred, page, pageSize],
    queryFn: () => users.list({ search: deferred, skip: page * pageSize, limit: pageSize + 1 }),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.slice(0, pageSize) ?? [];
  const hasNext = (list.data?.length ?? 0) > pageSize;

  useObjectChanges(['users_changes'], () => void actions.refresh());

  // A page left empty (its last users deleted) falls back to the one before.
  useEffect(() => {
    if (page > 0 && list.data?.length === 0 && !list.isFetching) setPage(page - 1);
  }, [page, list.data, list.isFetching]);

  const closeAndRefresh = (message: string) => {
    setDialog(null);
    toast('ok', message);
    void actions.refresh();
  };

  const onSaved = (before: User, after: User) => {
    const current = sessions.get();
    if (before.id === current?.user_id) {
      if (!after.is_superuser) {
        setDialog(null);
        void logout();
        return;
      }
      if (after.email !== current.email) sessions.set({ ...current, email: after.email });
    }
    closeAndRefresh(`${after.email} saved`);
  };

  const first = page * pageSize + 1;
  return (
    <div className="page">
      <PageHeader
        title="Users"
        icon="users"
        subtitle="Everyone who can sign in to apps built on this instance"
        actions={
          <>
            <SearchInput
              label="Search users"
              placeholder="Search by email"
              value={search}
              onChange={(text) => {
                setSearch(text);
                setPage(0);
              }}
            />
            <Button variant="primary" icon="userPlus" onClick={() => setDialog({ kind: 'create' })}>
              New user
            </Button>
          </>
        }
      />
      {actions.error ? (
        <div className="users-alert">
          <InlineError error={actions.error} />
          <IconButton icon="x" label="Dismiss" onClick={actions.clearError} />
        </div>
      ) : null}
      <section className="card">
        {list.isPending ? (
          <LoadingState label="Loading users…" />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 && page === 0 ? (
          <EmptyState icon="users" title={deferred ? 'No user matches' : 'No users yet'}>
            {deferred ? `Nobody's email contains “${deferred}”.` : 'Users appear here when they register.'}
          </EmptyState>
        ) : (
          <table className="list-table users-table">
            <thead>
              <tr>
                <th>Email</th>
                <th>Name</th>
                <th>Role</th>
                <th>Status</th>
                <th>Created</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => {
                const self = u.id === session?.user_id;
                return (
                  <tr key={u.id} data-testid={`user-${u.email}`}>
                    <td>
                      <span className="user-cell">
                        <span className="avatar avatar-sm">{u.email.slice(0, 1).toUpperCase()}</span>
                        {u.email}
                        {self ? <Badge>you</Badge> : null}
                      </span>
                    </td>
                    <td className="muted">{u.full_name || '—'}</td>
                    <td>{u.is_superuser ? <Badge tone="brand">superuser</Badge> : <Badge>user</Badge>}</td>
                    <td>
                      {u.is_active ? <Badge tone="ok">active</Badge> : <Badge tone="warn">inactive</Badge>}
                    </td>
                    <td className="muted" title={new Date(u.created_at).toLocaleString()}>
                      {new Date(u.created_at).toLocaleDateString()}
                    </td>
                    <td className="row-actions">
                      <IconButton
                        icon="edit"
                        label={`Edit ${u.email}`}
                        onClick={() => setDialog({ kind: 'edit', user: u })}
                      />
                      <IconButton
                        icon="key"
                        label={self ? 'Change your own password in Settings' : `Reset password of ${u.email}`}
                        disabled={self}
                        onClick={() => setDialog({ kind: 'password', user: u })}
                      />
                      {u.is_active ? (
                        <IconButton
                          icon="userX"
                          label={`Deactivate ${u.email}`}
                          onClick={() => void actions.setActive(u, false)}
                        />
                      ) : (
                        <IconButton
                          icon="userCheck"
                          label={`Activate ${u.email}`}
                          onClick={() => void actions.setActive(u, true)}
                        />
                      )}
                      <IconButton
                        icon="trash"
                        className="danger-action"
                        label={self ? 'You cannot delete your own account' : `Delete ${u.email}`}
                        disabled={self}
                        onClick={() => void actions.remove(u)}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {rows.length > 0 || page > 0 ? (
        <Pager
          page={page + 1}
          pageCount={null}
          hasNext={hasNext}
          onPage={(next) => setPage(next - 1)}
          summary={
            <span data-testid="users-range">
              {page === 0 && !hasNext
                ? `${rows.length} user${rows.length === 1 ? '' : 's'}`
                : `Showing ${first}–${first + rows.length - 1}`}
              {list.isFetching && !list.isPending ? ' · refreshing…' : ''}
            </span>
          }
          pageSize={{
            label: 'Users per page',
            value: pageSize,
            options: PAGE_SIZES,
            onChange: (size) => {
              setPageSize(size);
              setPage(0);
            },
          }}
        />
      ) : null}
      {dialog?.kind === 'create' ? (
        <CreateUserDialog
          onClose={() => setDialog(null)}
          onCreated={(user) => closeAndRefresh(`${user.email} created`)}
        />
      ) : dialog?.kind === 'edit' ? (
        <EditUserDialog
          user={dialog.user}
          isSelf={dialog.user.id === session?.user_id}
          onClose={() => setDialog(null)}
          onSaved={(after) => onSaved(dialog.user, after)}
        />
      ) : dialog?.kind === 'password' ? (
        <ResetPasswordDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => closeAndRefresh(`Password of ${dialog.user.email} reset`)}
        />
      ) : null}
    </div>
  );
}
