import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../api/client';
import { tables } from '../../api/endpoints';
import type { ColumnInfo, TableDetail } from '../../api/types';
import { Icon } from '../../components/icons';
import {
  Badge,
  Button,
  DialogActions,
  Field,
  IconButton,
  Modal,
  useConfirm,
  useToast,
} from '../../components/ui';
import { COLUMN_TYPES, type ColumnType, defaultTypeChoice, typeString } from '../../lib/column-types';

export function StructureTab({ table }: { table: TableDetail }) {
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const [editing, setEditing] = useState<ColumnInfo | 'new' | null>(null);

  const drop = async (column: string) => {
    const ok = await confirm({
      title: `Drop column ${column}?`,
      message: (
        <>
          The column <code>{column}</code> and every value in it will be removed from{' '}
          <strong>{table.name}</strong>.
        </>
      ),
      confirmLabel: 'Drop column',
    });
    if (!ok) return;
    try {
      await tables.dropColumn(table.name, column);
      toast('ok', `Column ${column} dropped`);
      await queryClient.invalidateQueries({ queryKey: ['table', table.name] });
    } catch (err) {
      toast('danger', describeError(err).message);
    }
  };

  return (
    <div>
      <div className="page-toolbar">
        <p className="muted">{table.columns.length} columns</p>
        <div className="toolbar-right">
          <Button variant="primary" icon="plus" onClick={() => setEditing('new')}>
            Add column
          </Button>
        </div>
      </div>
      <div className="card">
        <table className="list-table">
          <thead>
            <tr>
              <th>Column</th>
              <th>Type</th>
              <th>Nullable</th>
              <th>Default</th>
              <th>Description</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {table.columns.map((c) => (
              <tr key={c.column_name}>
                <td>
                  <span className="col-name">
                    {table.primary_keys.includes(c.column_name) ? (
                      <Icon name="key" size={13} className="pk-icon" />
                    ) : null}
                    {c.column_name}
                  </span>
                </td>
                <td>
                  <code className="type">{c.data_type}</code>
                </td>
                <td>
                  {c.is_nullable === 'YES' ? <Badge>nullable</Badge> : <Badge tone="warn">not null</Badge>}
                </td>
                <td>
                  {c.column_default ? <code>{c.column_default}</code> : <span className="muted">—</span>}
                </td>
                <td className="muted truncate">{c.column_description || '—'}</td>
                <td className="row-actions">
                  <IconButton
                    icon="edit"
                    label={`Edit column ${c.column_name}`}
                    onClick={() => setEditing(c)}
                  />
                  <IconButton
                    icon="trash"
                    label={`Drop column ${c.column_name}`}
                    disabled={table.primary_keys.includes(c.column_name)}
                    onClick={() => void drop(c.column_name)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing ? (
        <ColumnDialog
          table={table.name}
          column={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void queryClient.invalidateQueries({ queryKey: ['table', table.name] });
            void queryClient.invalidateQueries({ queryKey: ['ddl', table.name] });
          }}
        />
      ) : null}
    </div>
  );
}

function ColumnDialog({
  table,
  column,
  onClose,
  onSaved,
}: {
  table: string;
  column: ColumnInfo | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [name, setName] = useState(column?.column_name ?? '');
  const [base, setBase] = useState<ColumnType>('text');
  const [rawType, setRawType] = useState(column?.data_type ?? '');
  const [nullable, setNullable] = useState(column ? column.is_nullable === 'YES' : true);
  const [defaultValue, setDefaultValue] = useState(column?.column_default ?? '');
  const [description, setDescription] = useState(column?.column_description ?? '');
  const save = useMutation({
    mutationFn: () => {
      if (!column) {
        return tables.addColumn(table, {
          column_name: name.trim(),
          data_type: typeString(defaultTypeChoice(base)),
          is_nullable: nullable ? 'YES' : 'NO',
          ...(defaultValue.trim() ? { column_default: defaultValue.trim() } : {}),
          ...(description.trim() ? { column_description: description.trim() } : {}),
        });
      }
      const change: Parameters<typeof tables.alterColumn>[2] = {};
      if (name.trim() !== column.column_name) change.column_name = name.trim();
      if (rawType.trim() && rawType.trim() !== column.data_type) change.data_type = rawType.trim();
      if ((nullable ? 'YES' : 'NO') !== column.is_nullable) change.is_nullable = nullable ? 'YES' : 'NO';
      if (defaultValue.trim() !== (column.column_default ?? ''))
        change.column_default = defaultValue.trim() || null;
      if (description.trim() !== (column.column_description ?? ''))
        change.column_description = description.trim() || null;
      return tables.alterColumn(table, column.column_name, change);
    },
    onSuccess: onSaved,
  });
  return (
    <Modal
      title={column ? `Edit column ${column.column_name}` : 'Add a column'}
      onClose={onClose}
      footer={
        <DialogActions
          error={save.error}
          onCancel={onClose}
          label={column ? 'Save column' : 'Add column'}
          busy={save.isPending}
          disabled={!name.trim()}
          onSubmit={() => save.mutate()}
        />
      }
    >
      <div className="form-stack">
        <Field label="Name">
          <input
            className="input"
            aria-label="Column name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        {column ? (
          <Field label="Type" hint="Changing the type converts existing values (USING column::type).">
            <input
              className="input"
              aria-label="Column type"
              value={rawType}
              onChange={(e) => setRawType(e.target.value)}
            />
          </Field>
        ) : (
          <Field label="Type">
            <select
              className="input"
              aria-label="Column type"
              value={base}
              onChange={(e) => setBase(e.target.value as ColumnType)}
            >
              {COLUMN_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Default" hint="An SQL expression or literal, e.g. now(), 0, 'draft'.">
          <input
            className="input"
            value={defaultValue}
            onChange={(e) => setDefaultValue(e.target.value)}
            placeholder="NULL"
          />
        </Field>
        <Field label="Description">
          <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <label className="check">
          <input type="checkbox" checked={nullable} onChange={(e) => setNullable(e.target.checked)} />
          Allow NULL
        </label>
      </div>
    </Modal>
  );
}
