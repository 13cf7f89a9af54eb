import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { tables } from '../api/endpoints';
import type { NewColumn } from '../api/types';
import { PolicyEditor, type PolicyValue, policyBody } from '../components/PolicyEditor';
import { Button, DialogActions, Field, IconButton, Modal } from '../components/ui';
import {
  COLUMN_TYPES,
  type ColumnType,
  defaultTypeChoice,
  type TypeChoice,
  typeString,
} from '../lib/column-types';

type DraftColumn = {
  key: number;
  name: string;
  type: TypeChoice;
  nullable: boolean;
  default: string;
  primary_key: boolean;
  unique: boolean;
  description: string;
  references: string;
};

let nextKey = 1;
const draft = (partial: Partial<DraftColumn> = {}): DraftColumn => ({
  key: nextKey++,
  name: '',
  type: defaultTypeChoice(),
  nullable: true,
  default: '',
  primary_key: false,
  unique: false,
  description: '',
  references: '',
  ...partial,
});

function toColumn(c: DraftColumn): NewColumn {
  const [refTable, refColumn] = c.references ? c.references.split('.') : [];
  return {
    name: c.name.trim(),
    type: typeString(c.type),
    nullable: c.primary_key ? false : c.nullable,
    primary_key: c.primary_key,
    unique: c.unique,
    ...(c.default.trim() ? { default: c.default.trim() } : {}),
    ...(c.description.trim() ? { description: c.description.trim() } : {}),
    is_foreign_key: Boolean(c.references),
    ...(c.references ? { references_table: refTable ?? null, references_column: refColumn ?? null } : {}),
  };
}

export function CreateTableDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (name: string) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [columns, setColumns] = useState<DraftColumn[]>(() => [
    draft({ name: 'id', type: defaultTypeChoice('bigserial'), primary_key: true, nullable: false }),
    draft({ name: 'created_at', type: defaultTypeChoice('timestamptz'), default: 'now()', nullable: false }),
  ]);
  const [policy, setPolicy] = useState<PolicyValue>({
    mode: 'private',
    permissions: { select: 'superuser', insert: 'superuser', update: 'superuser', delete: 'superuser' },
    ownerColumn: '',
  });

  // Foreign keys may point at any existing table's columns; their details load on demand.
  const existing = useQuery({ queryKey: ['tables'], queryFn: tables.list });
  const targets = useQuery({
    queryKey: ['fk-targets', existing.data?.map((t) => t.name).join(',')],
    enabled: Boolean(existing.data?.length),
    queryFn: async () => {
      const details = await Promise.all((existing.data ?? []).map((t) => tables.get(t.name)));
      return details.flatMap((d) => d.columns.map((c) => `${d.name}.${c.column_name}`));
    },
  });

  const create = useMutation({
    mutationFn: () =>
      tables.create({
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        columns: columns.map(toColumn),
        ...policyBody(policy),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['tables'] });
      onCreated(name.trim());
    },
  });

  const update = (key: number, change: Partial<DraftColumn>) =>
    setColumns((list) => list.map((c) => (c.key === key ? { ...c, ...change } : c)));

  return (
    <Modal
      title="Create a table"
      onClose={onClose}
      wide
      footer={
        <DialogActions
          error={create.error}
          onCancel={onClose}
          label="Create table"
          busy={create.isPending}
          disabled={!name.trim() || columns.some((c) => !c.name.trim())}
          onSubmit={() => create.mutate()}
        />
      }
    >
      <div className="form-grid">
        <Field label="Name" hint="Letters, digits and underscores; starts with a letter or underscore.">
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. orders"
            aria-label="Table name"
          />
        </Field>
        <Field label="Description">
          <input
            className="input"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="What this table holds (optional)"
          />
        </Field>
      </div>

      <h3 className="section-title">Columns</h3>
      <div className="columns-editor">
        <div className="columns-head">
          <span>Name</span>
          <span>Type</span>
          <span>Default</span>
          <span>References</span>
          <span title="Primary key">PK</span>
          <span title="Nullable">Null</span>
          <span title="Unique">Uniq</span>
          <span />
        </div>
        {columns.map((c, i) => (
          <div key={c.key} className="columns-row" data-testid={`column-row-${i}`}>
            <input
              className="input"
              value={c.name}
              placeholder="column_name"
              aria-label={`Column ${i + 1} name`}
              onChange={(e) => update(c.key, { name: e.target.value })}
            />
            <div className="type-picker">
              <select
                className="input"
                aria-label={`Column ${i + 1} type`}
                value={c.type.base}
                onChange={(e) => update(c.key, { type: { ...c.type, base: e.target.value as ColumnType } })}
              >
                {COLUMN_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
              {c.type.base === 'varchar' || c.type.base === 'char' ? (
                <input
                  className="input input-narrow"
                  aria-label="Length"
                  value={c.type.length}
                  onChange={(e) => update(c.key, { type: { ...c.type, length: e.target.value } })}
                />
              ) : null}
              {c.type.base === 'numeric' ? (
                <>
                  <input
                    className="input input-narrow"
                    aria-label="Precision"
                    value={c.type.precision}
                    onChange={(e) => update(c.key, { type: { ...c.type, precision: e.target.value } })}
                  />
                  <input
                    className="input input-narrow"
                    aria-label="Scale"
                    value={c.type.scale}
                    onChange={(e) => update(c.key, { type: { ...c.type, scale: e.target.value } })}
                  />
                </>
              ) : null}
              <label className="check-inline" title="Array of this type">
                <input
                  type="checkbox"
                  checked={c.type.array}
                  onChange={(e) => update(c.key, { type: { ...c.type, array: e.target.checked } })}
                />
                []
              </label>
            </div>
            <input
              className="input"
              value={c.default}
              placeholder="NULL"
              aria-label={`Column ${i + 1} default`}
              onChange={(e) => update(c.key, { default: e.target.value })}
            />
            <select
              className="input"
              value={c.references}
              aria-label={`Column ${i + 1} references`}
              onChange={(e) => update(c.key, { references: e.target.value })}
            >
              <option value="">—</option>
              {(targets.data ?? []).map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <input
              type="checkbox"
              aria-label={`Column ${i + 1} primary key`}
              checked={c.primary_key}
              onChange={(e) => update(c.key, { primary_key: e.target.checked })}
            />
            <input
              type="checkbox"
              aria-label={`Column ${i + 1} nullable`}
              checked={c.primary_key ? false : c.nullable}
              disabled={c.primary_key}
              onChange={(e) => update(c.key, { nullable: e.target.checked })}
            />
            <input
              type="checkbox"
              aria-label={`Column ${i + 1} unique`}
              checked={c.unique}
              onChange={(e) => update(c.key, { unique: e.target.checked })}
            />
            <IconButton
              icon="trash"
              label={`Remove column ${i + 1}`}
              disabled={columns.length === 1}
              onClick={() => setColumns((list) => list.filter((x) => x.key !== c.key))}
            />
          </div>
        ))}
        <Button
          size="sm"
          variant="ghost"
          icon="plus"
          onClick={() => setColumns((list) => [...list, draft()])}
        >
          Add column
        </Button>
      </div>

      <h3 className="section-title">Access policy</h3>
      <PolicyEditor
        value={policy}
        onChange={setPolicy}
        columns={columns.map((c) => c.name.trim()).filter(Boolean)}
      />
    </Modal>
  );
}
