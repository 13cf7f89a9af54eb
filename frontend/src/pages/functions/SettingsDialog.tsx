import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { functions } from '../../api/endpoints';
import type { CloudFunction } from '../../api/types';
import { DialogActions, Field, Modal } from '../../components/ui';

/** Description and timeout; an empty timeout means the server's FUNCTION_TIMEOUT. */
export function SettingsDialog({
  fn,
  onClose,
  onSaved,
}: {
  fn: CloudFunction;
  onClose: () => void;
  onSaved: (fn: CloudFunction) => void;
}) {
  const [description, setDescription] = useState(fn.description ?? '');
  const [timeout, setTimeoutText] = useState(fn.timeout_ms === null ? '' : String(fn.timeout_ms));
  const timeoutMs = timeout.trim() === '' ? null : Number(timeout);
  const timeoutProblem =
    timeoutMs !== null && (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 3_600_000)
      ? 'A whole number of milliseconds from 100 to 3600000.'
      : null;
  const save = useMutation({
    mutationFn: () =>
      functions.update(fn.id, { description: description.trim() || null, timeout_ms: timeoutMs }),
    onSuccess: onSaved,
  });
  const submit = () => {
    if (!timeoutProblem) save.mutate();
  };
  return (
    <Modal
      title={`Settings of ${fn.name}`}
      onClose={onClose}
      footer={
        <DialogActions
          error={save.error}
          onCancel={onClose}
          label="Save"
          busy={save.isPending}
          disabled={Boolean(timeoutProblem)}
          onSubmit={submit}
        />
      }
    >
      <form
        className="form-stack"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Field label="Description">
          <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <Field
          label="Timeout (ms)"
          hint={timeoutProblem ?? 'Empty: the server default (FUNCTION_TIMEOUT). A run past it is stopped.'}
        >
          <input
            className="input fn-timeout"
            inputMode="numeric"
            aria-label="Timeout in milliseconds"
            placeholder="default"
            value={timeout}
            onChange={(e) => setTimeoutText(e.target.value)}
          />
        </Field>
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
