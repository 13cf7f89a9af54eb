import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { users } from '../../api/endpoints';
import type { User } from '../../api/types';
import { PasswordInput } from '../../components/PasswordInput';
import { DialogActions, Field, Modal } from '../../components/ui';

export function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: User;
  onClose: () => void;
  onDone: () => void;
}) {
  const formId = useId();
  const [password, setPassword] = useState('');
  const reset = useMutation({ mutationFn: () => users.update(user.id, { password }), onSuccess: onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    reset.mutate();
  };

  return (
    <Modal
      title={`Reset the password of ${user.email}`}
      onClose={onClose}
      footer={
        <DialogActions
          error={reset.error}
          onCancel={onClose}
          label="Reset password"
          icon="key"
          busy={reset.isPending}
          disabled={!password}
          form={formId}
        />
      }
    >
      <form id={formId} className="form-stack" onSubmit={submit}>
        <p className="muted dialog-intro">
          The old password stops working at once and every session of this user ends: they sign in again with
          the new one.
        </p>
        <Field label="New password" hint="At least 8 characters.">
          <PasswordInput label="New password" value={password} onChange={setPassword} generate />
        </Field>
      </form>
    </Modal>
  );
}
