import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { users } from '../../api/endpoints';
import type { OwnedResources, User } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { useConfirm, useToast } from '../../components/ui';

const OWNED_LABELS: Record<string, [one: string, many: string]> = {
  buckets: ['bucket', 'buckets'],
  files: ['file', 'files'],
  functions: ['function', 'functions'],
  sql_snippets: ['SQL snippet', 'SQL snippets'],
  sql_history: ['SQL history entry', 'SQL history entries'],
};

function ownedLabel(kind: string, n: number): string {
  const [one, many] = OWNED_LABELS[kind] ?? [kind, kind];
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** The counts of each kind: those named above in their order, then any other the API names. */
function ownedCounts(owned: OwnedResources): Array<[string, number]> {
  const known = Object.keys(OWNED_LABELS);
  const rank = (kind: string) => (known.includes(kind) ? known.indexOf(kind) : known.length);
  return Object.entries(owned).sort(([a], [b]) => rank(a) - rank(b));
}

function OwnedList({ owned }: { owned: OwnedResources }) {
  return (
    <ul className="owned-list" data-testid="owned-list">
      {ownedCounts(owned).map(([kind, n]) => (
        <li key={kind} className={n === 0 ? 'owned-none' : ''}>
          {ownedLabel(kind, n)}
        </li>
      ))}
    </ul>
  );
}

/**
 * Activation and deletion of users from the list, each confirmed where it cannot be taken back
 * lightly. A refusal from the API stays on the page (`error`) with its code until the next action.
 */
export function useUserActions() {
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const { session, logout } = useAuth();
  const [error, setError] = useState<unknown>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });

  const run = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    }
  };

  const setActive = (user: User, active: boolean) =>
    run(async () => {
      const self = user.id === session?.user_id;
      if (!active) {
        const ok = await confirm({
          title: `Deactivate ${user.email}?`,
          message: self ? (
            <>
              This is <strong>your own account</strong>: you will be signed out of the dashboard at once and
              cannot sign in again until another superuser activates you.
            </>
          ) : (
            <>
              <strong>{user.email}</strong> can no longer sign in, and every session they have ends now. Their
              data stays; you can activate them again at any time.
            </>
          ),
          confirmLabel: 'Deactivate',
        });
        if (!ok) return;
      }
      await users.update(user.id, { is_active: active });
      if (self && !active) {
        await logout();
        return;
      }
      toast('ok', `${user.email} ${active ? 'activated' : 'deactivated'}`);
      await refresh();
    });

  const remove = (user: User) =>
    run(async () => {
      const owned = await users.owned(user.id);
      const passing = ownedCounts(owned).filter(([, n]) => n > 0);
      const ok = await confirm({
        title: `Delete ${user.email}?`,
        message: (
          <>
            <p>
              <strong>{user.email}</strong> will be deleted permanently and signed out everywhere.
            </p>
            <p>
              {passing.length > 0
                ? 'What they own passes to you, so nothing is lost:'
                : 'They own nothing that needs to pass on:'}
            </p>
            <OwnedList owned={owned} />
            <p className="muted">New owner: {session?.email}</p>
          </>
        ),
        confirmLabel: 'Delete user',
      });
      if (!ok) return;
      await users.remove(user.id);
      toast(
        'ok',
        passing.length > 0
          ? `${user.email} deleted; ${passing.map(([kind, n]) => ownedLabel(kind, n)).join(', ')} passed to you`
          : `${user.email} deleted`,
      );
      await refresh();
    });

  return { error, clearError: () => setError(null), setActive, remove, refresh };
}
