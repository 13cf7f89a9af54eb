import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../api/client';
import { functions } from '../../api/endpoints';
import type { EnvVar } from '../../api/types';
import { Icon } from '../../components/icons';
import {
  Badge,
  Button,
  DialogActions,
  EmptyState,
  ErrorState,
  Field,
  IconButton,
  InlineError,
  LoadingState,
  Modal,
  useConfirm,
  useToast,
} from '../../components/ui';

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const RESERVED = ['SELFDB_API_URL', 'ANON_KEY', 'DATABASE_URL'];

function keyProblem(key: string): string | null {
  if (!key) return null;
  if (!KEY.test(key)) return 'Letters, digits and _, not starting with a digit.';
  if (RESERVED.includes(key)) return `${key} is set by SelfDB for every function.`;
  return null;
}

/** The function's own variables (ctx.env). Secret values are write-only: they never come back. */
export function EnvTab({ functionId }: { functionId: string }) {
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [secret, setSecret] = useState(true);
  const [editing, setEditing] = useState<EnvVar | null>(null);
  const vars = useQuery({ queryKey: ['function-env', functionId], queryFn: () => functions.env(functionId) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['function-env', functionId] });

  const add = useMutation({
    mutationFn: () => functions.addEnv(functionId, { key: key.trim(), value, is_secret: secret }),
    onSuccess: (created) => {
      setKey('');
      setValue('');
      toast('ok', `${created.key} added; the function sees it from its next run`);
      void refresh();
    },
  });
  const problem = keyProblem(key.trim());

  const remove = async (v: EnvVar) => {
    const ok = await confirm({
      title: `Delete ${v.key}?`,
      message: 'The function stops seeing this variable from its next run.',
      confirmLabel: 'Delete variable',
    });
    if (!ok) return;
    try {
      await functions.removeEnv(functionId, v.id);
      toast('ok', `${v.key} deleted`);
      await refresh();
    } catch (err) {
      toast('danger', describeError(err).message);
    }
  };

  return (
    <section className="card">
      <div className="card-header">
        <h2>Environment variables</h2>
        <span className="muted text-small">
          Read as <code>ctx.env.NAME</code>. SELFDB_API_URL, ANON_KEY and DATABASE_URL are always set.
        </span>
      </div>
      <form
        className="fn-env-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim() && !problem) add.mutate();
        }}
      >
        <Field label="Name" hint={problem ?? undefined}>
          <input
            className="input mono"
            aria-label="Variable name"
            placeholder="API_TOKEN"
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </Field>
        <Field label="Value">
          <input
            className="input mono"
            aria-label="Variable value"
            type={secret ? 'password' : 'text'}
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
        <label className="check fn-env-secret">
          <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} />
          Secret (write-only)
        </label>
        <Button
          type="submit"
          variant="primary"
          icon="plus"
          busy={add.isPending}
          disabled={!key.trim() || Boolean(problem)}
        >
          Add variable
        </Button>
      </form>
      {add.error ? (
        <div className="fn-pad">
          <InlineError error={add.error} />
        </div>
      ) : null}
      {vars.isPending ? (
        <LoadingState label="Loading variables…" />
      ) : vars.error ? (
        <ErrorState error={vars.error} onRetry={() => void vars.refetch()} />
      ) : vars.data.length === 0 ? (
        <EmptyState icon="key" title="No variables yet">
          Keep tokens and settings out of the code: add them here, marked secret where they must not be read
          back.
        </EmptyState>
      ) : (
        <table className="list-table" data-testid="env-vars">
          <thead>
            <tr>
              <th>Name</th>
              <th>Value</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {vars.data.map((v) => (
              <tr key={v.id}>
                <td className="mono">{v.key}</td>
                <td>
                  {v.is_secret ? (
                    <Badge>
                      <Icon name="lock" size={12} /> secret · hidden
                    </Badge>
                  ) : (
                    <span className="mono">{v.value}</span>
                  )}
                </td>
                <td className="row-actions">
                  <IconButton icon="edit" label={`Edit ${v.key}`} onClick={() => setEditing(v)} />
                  <IconButton icon="trash" label={`Delete ${v.key}`} onClick={() => void remove(v)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <EditEnvDialog
          functionId={functionId}
          variable={editing}
          onClose={() => setEditing(null)}
          onSaved={(v) => {
            setEditing(null);
            toast('ok', `${v.key} saved`);
            void refresh();
          }}
        />
      ) : null}
    </section>
  );
}

function EditEnvDialog({
  functionId,
  variable,
  onClose,
  onSaved,
}: {
  functionId: string;
  variable: EnvVar;
  onClose: () => void;
  onSaved: (v: EnvVar) => void;
}) {
  const [value, setValue] = useState(variable.value ?? '');
  const [secret, setSecret] = useState(variable.is_secret);
  // A secret's value cannot be read back: leaving the field empty keeps it as it is.
  const keepsValue = variable.is_secret && value === '';
  // Nor may it be revealed by clearing the flag: that needs a new value.
  const revealsSecret = keepsValue && !secret;
  const save = useMutation({
    mutationFn: () =>
      functions.updateEnv(functionId, variable.id, { ...(keepsValue ? {} : { value }), is_secret: secret }),
    onSuccess: onSaved,
  });
  return (
    <Modal
      title={`Edit ${variable.key}`}
      onClose={onClose}
      footer={
        <DialogActions
          error={save.error}
          onCancel={onClose}
          label="Save"
          busy={save.isPending}
          disabled={revealsSecret}
          onSubmit={() => save.mutate()}
        />
      }
    >
      <form
        className="form-stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (!revealsSecret) save.mutate();
        }}
      >
        <Field
          label="Value"
          hint={
            revealsSecret
              ? 'A secret is never revealed: enter a new value to make the variable readable.'
              : variable.is_secret
                ? 'The current value is hidden; leave this empty to keep it.'
                : undefined
          }
        >
          <input
            className="input mono"
            aria-label="New value"
            type={secret ? 'password' : 'text'}
            autoComplete="off"
            placeholder={variable.is_secret ? '••••••••' : ''}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
        <label className="check">
          <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} />
          Secret (write-only)
        </label>
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
