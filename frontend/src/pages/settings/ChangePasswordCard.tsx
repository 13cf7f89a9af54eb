import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { settings } from '../../api/endpoints';
import { useAuth } from '../../auth/AuthContext';
import { Icon } from '../../components/icons';
import { PasswordInput } from '../../components/PasswordInput';
import { Button, Field, InlineError, useToast } from '../../components/ui';

export function ChangePasswordCard() {
  const { session } = useAuth();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => settings.changePassword(current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeated('');
      toast('ok', 'Password changed; your other sessions were signed out');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const differ = next !== repeated;
    setMismatch(differ);
    if (differ) return;
    change.mutate();
  };

  return (
    <section className="card card-padded" aria-labelledby="account-title">
      <div>
        <h2 id="account-title" className="card-title">
          Your account
        </h2>
        <p className="muted">
          Signed in as <strong>{session?.email}</strong>
        </p>
      </div>
      <form className="form-stack" onSubmit={submit} aria-label="Change password">
        <Field label="Current password">
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
          />
        </Field>
        <Field label="New password" hint="At least 8 characters. Your other sessions end; this one stays.">
          <PasswordInput label="New password" value={next} onChange={setNext} />
        </Field>
        <Field label="Repeat the new password">
          <PasswordInput label="Repeat the new password" value={repeated} onChange={setRepeated} />
        </Field>
        {mismatch ? (
          <div className="inline-error" role="alert">
            <Icon name="alert" size={15} />
            The new passwords do not match.
          </div>
        ) : (
          <InlineError error={change.error} />
        )}
        <div className="form-actions">
          <Button
            type="submit"
            variant="primary"
            icon="key"
            busy={change.isPending}
            disabled={!current || !next || !repeated}
          >
            Change password
          </Button>
        </div>
      </form>
    </section>
  );
}
