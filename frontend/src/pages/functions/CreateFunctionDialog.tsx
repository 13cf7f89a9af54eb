import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { functions } from '../../api/endpoints';
import type { CloudFunction, TemplateType } from '../../api/types';
import { Icon, type IconName } from '../../components/icons';
import { DialogActions, Field, Modal } from '../../components/ui';

const TEMPLATES: Array<{ type: TemplateType; label: string; icon: IconName; what: string }> = [
  { type: 'http', label: 'HTTP endpoint', icon: 'globe', what: 'Answers GET and POST requests' },
  { type: 'schedule', label: 'Schedule', icon: 'clock', what: 'Runs on a cron schedule (UTC)' },
  { type: 'database', label: 'Database change', icon: 'database', what: 'Reacts to new and changed rows' },
  { type: 'event', label: 'Event', icon: 'functions', what: 'Runs when an event is emitted' },
  { type: 'once', label: 'Run once', icon: 'play', what: 'Runs after each deploy until it succeeds' },
];

const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A new function from one of the runtime's starter modules, deployed as version 1. */
export function CreateFunctionDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (fn: CloudFunction) => void;
}) {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<TemplateType>('http');
  const [description, setDescription] = useState('');
  const trimmed = name.trim();
  const nameProblem =
    trimmed && !NAME.test(trimmed)
      ? 'Use 1-63 lower-case letters, digits, _ and -, starting with a letter or digit.'
      : null;
  const create = useMutation({
    mutationFn: async () =>
      functions.create({
        name: trimmed,
        code: await functions.template(template),
        description: description.trim() || null,
      }),
    onSuccess: onCreated,
  });
  const submit = () => {
    if (trimmed && !nameProblem) create.mutate();
  };
  return (
    <Modal
      title="New function"
      onClose={onClose}
      wide
      footer={
        <DialogActions
          error={create.error}
          onCancel={onClose}
          label="Create function"
          icon="plus"
          busy={create.isPending}
          disabled={!trimmed || Boolean(nameProblem)}
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
        <Field
          label="Name"
          hint={
            nameProblem ?? (
              <>
                Callers reach it at <code>/api/v1/functions/invoke/{trimmed || '<name>'}</code>
              </>
            )
          }
        >
          <input
            className="input"
            aria-label="Function name"
            placeholder="hello-world"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <fieldset className="fn-templates">
          <legend className="field-label">Start from a template</legend>
          {TEMPLATES.map((t) => (
            <label key={t.type} className={`fn-template ${template === t.type ? 'fn-template-active' : ''}`}>
              <input
                type="radio"
                name="template"
                value={t.type}
                checked={template === t.type}
                onChange={() => setTemplate(t.type)}
              />
              <Icon name={t.icon} size={18} />
              <span>
                <strong>{t.label}</strong>
                <span className="muted text-small">{t.what}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <Field label="Description" hint="Optional; the template's own description is used otherwise.">
          <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
