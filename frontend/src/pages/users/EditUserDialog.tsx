import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { users } from '../../api/endpoints';
import type { User, UserChanges } from '../../api/types';
import { DialogActions, Field, Modal } from '../../components/ui';

/** Email, name and role of a user; only the fields that changed are sent. */
export function EditUserDialog({
  user,
  isSelf,
  onClose,
  onSaved,
}: {
  user: User;
  isSelf: boolean;
  onClose: () => void;
  onSaved: (user: User) => void;
}) {
  const formId = useId();
  const [email, setEmail] = useState(user.email);
  const [fullName, setFullName] = useState(user.full_name ?? '');
  const [isSuperuser, setIsSuperuser] = useState(user.is_superuser);
  const changes: UserChanges = {
    ...(email.trim() !== user.email ? { email: email.trim() } : {}),
    ...(fullName.trim() !== (user.full_name ?? '') ? { full_name: fullName.trim() || null } : {}),
    ...(isSuperuser !== user.is_superuser ? { is_superuser: isSuperuser } : {}),
  };
  const save = useMutation({ mutationFn: () => users.update(user.id, changes), onSuccess: onSaved });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <Modal
      title={`Edit ${user.email}`}
      onClose={onClose}
      footer={
        <DialogActions
          error={save.error}
          onCancel={onClose}
          label="Save changes"
          busy={save.isPending}
          disabled={Object.keys(changes).length === 0 || !email.trim()}
          form={formId}
        />
      }
    >
      <form id={formId} className="form-stack" onSubmit={submit}>
        <Field label="Email">
          <input className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Full name">
          <input
            className="input"
            value={fullName}
            onChange={(e) => setFullName(e.target.value)}
            placeholder="Optional"
          />
        </Field>
        <div className="user-flags">
          <label className="check">
            <input type="checkbox" checked={isSuperuser} onChange={(e) => setIsSuperuser(e.target.checked)} />
            <span>
              Superuser <span className="muted">— full access, including this dashboard</span>
            </span>
          </label>
          {isSelf && !isSuperuser ? (
            <p className="notice">
              You are removing your own superuser rights: you will be signed out of the dashboard.
            </p>
          ) : null}
        </div>
      </form>
    </Modal>
  );
}
