import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { users } from '../../api/endpoints';
import type { User } from '../../api/types';
import { PasswordInput } from '../../components/PasswordInput';
import { DialogActions, Field, Modal } from '../../components/ui';

export function CreateUserDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const formId = useId();
  const [email, setEmail] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [isSuperuser, setIsSuperuser] = useState(false);
  const [isActive, setIsActive] = useState(true);
  const create = useMutation({
    mutationFn: () =>
      users.create({
        email: email.trim(),
        password,
        ...(fullName.trim() ? { full_name: fullName.trim() } : {}),
        is_active: isActive,
        is_superuser: isSuperuser,
      }),
    onSuccess: onCreated,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Modal
      title="Create a user"
      onClose={onClose}
      footer={
        <DialogActions
          error={create.error}
          onCancel={onClose}
          label="Create user"
          icon="userPlus"
          busy={create.isPending}
          disabled={!email.trim() || !password}
          form={formId}
        />
      }
    >
      <form id={formId} className="form-stack" onSubmit={submit}>
        <Field label="Email">
          <input
            className="input"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="name@example.com"
          />
        </Field>
        <Field label="Full name">
          <input
            className="input"
            value={fullName}
            onChange={(e) => setFullName(e.target.value)}
            placeholder="Optional"
          />
        </Field>
        <Field
          label="Password"
          hint="At least 8 characters. Hand it to the person; they can change it later."
        >
          <PasswordInput label="Password" value={password} onChange={setPassword} generate />
        </Field>
        <div className="user-flags">
          <label className="check">
            <input type="checkbox" checked={isActive} onChange={(e) => setIsActive(e.target.checked)} />
            <span>
              Active <span className="muted">— can sign in at once</span>
            </span>
          </label>
          <label className="check">
            <input type="checkbox" checked={isSuperuser} onChange={(e) => setIsSuperuser(e.target.checked)} />
            <span>
              Superuser <span className="muted">— full access, including this dashboard</span>
            </span>
          </label>
        </div>
      </form>
    </Modal>
  );
}
