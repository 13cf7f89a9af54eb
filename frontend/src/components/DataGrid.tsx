import { type KeyboardEvent, useState } from 'react';
import type { Row, SortOrder } from '../api/types';
import { isJsonType, isTextType, shortType } from '../lib/column-types';
import { Icon } from './icons';
import { IconButton, Spinner } from './ui';

export type GridColumn = { name: string; type: string; nullable: boolean };

/** The text a cell shows and edits: JSON for objects, empty for NULL. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * What a typed text means for a column: NULL when emptied (except for text columns, where it is an
 * empty string), parsed JSON for json and array columns, booleans for boolean columns; everything
 * else goes as text and PostgreSQL casts it.
 */
export function parseCellInput(text: string, column: GridColumn): unknown {
  if (text === '' && !isTextType(column.type)) return null;
  if (isJsonType(column.type)) {
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${column.name}: not valid JSON`);
    }
  }
  if (column.type === 'boolean') {
    const t = text.trim().toLowerCase();
    if (['true', 't', 'yes', '1'].includes(t)) return true;
    if (['false', 'f', 'no', '0'].includes(t)) return false;
    throw new Error(`${column.name}: type true or false`);
  }
  return text;
}

type Props = {
  columns: GridColumn[];
  rows: Row[];
  /** The column that identifies a row; without one, rows cannot be edited or deleted. */
  rowKey: string | null;
  primaryKeys?: string[];
  sort: SortOrder;
  onSortChange(sort: SortOrder): void;
  onCellEdit?(row: Row, column: string, value: unknown): Promise<void>;
  onDeleteRow?(row: Row): void;
  /** Rows changed elsewhere, highlighted for a moment (keys are row ids as text). */
  flashed?: ReadonlySet<string>;
};

type Editing = { rowId: string; column: string; text: string; error?: string; saving?: boolean };

export function DataGrid({
  columns,
  rows,
  rowKey,
  primaryKeys = [],
  sort,
  onSortChange,
  onCellEdit,
  onDeleteRow,
  flashed,
}: Props) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const editable = Boolean(rowKey && onCellEdit);

  const nextSort = (column: string): SortOrder => {
    if (sort?.column !== column) return { column, direction: 'asc' };
    if (sort.direction === 'asc') return { column, direction: 'desc' };
    return null;
  };

  const commit = async (row: Row, column: GridColumn) => {
    if (!editing || !onCellEdit) return;
    let value: unknown;
    try {
      value = parseCellInput(editing.text, column);
    } catch (err) {
      setEditing({ ...editing, error: (err as Error).message });
      return;
    }
    if (cellText(value) === cellText(row[column.name]) && (value === null) === (row[column.name] === null)) {
      setEditing(null);
      return;
    }
    setEditing({ ...editing, saving: true, error: undefined });
    try {
      await onCellEdit(row, column.name, value);
      setEditing(null);
    } catch (err) {
      setEditing({ ...editing, saving: false, error: err instanceof Error ? err.message : String(err) });
    }
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>, row: Row, column: GridColumn) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void commit(row, column);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setEditing(null);
    }
  };

  return (
    <div className="grid-wrap">
      <table className="grid" aria-label="Rows">
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.column === c.name ? sort.direction : null;
              return (
                <th
                  key={c.name}
                  aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : 'none'}
                >
                  <button type="button" className="grid-sort" onClick={() => onSortChange(nextSort(c.name))}>
                    <span className="grid-col-name">
                      {primaryKeys.includes(c.name) ? (
                        <Icon name="key" size={12} className="pk-icon" />
                      ) : null}
                      {c.name}
                    </span>
                    <span className="grid-col-type">{shortType(c.type)}</span>
                    {active ? (
                      <Icon
                        name={active === 'asc' ? 'arrowUp' : 'arrowDown'}
                        size={13}
                        className="sort-icon"
                      />
                    ) : null}
                  </button>
                </th>
              );
            })}
            {rowKey && onDeleteRow ? <th className="grid-actions-head" aria-label="Actions" /> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const id = rowKey ? cellText(row[rowKey]) : String(index);
            return (
              <tr key={id} className={flashed?.has(id) ? 'flash' : undefined} data-row-id={id}>
                {columns.map((c) => {
                  const isEditing = editing?.rowId === id && editing.column === c.name;
                  const value = row[c.name];
                  return (
                    <td
                      key={c.name}
                      className={`${editable ? 'editable' : ''} ${isEditing ? 'editing' : ''}`}
                      onDoubleClick={() =>
                        editable &&
                        !isEditing &&
                        setEditing({ rowId: id, column: c.name, text: cellText(value) })
                      }
                      title={editable && !isEditing ? 'Double-click to edit' : undefined}
                    >
                      {isEditing ? (
                        <div className="cell-editor">
                          <input
                            className="input"
                            aria-label={`Edit ${c.name}`}
                            value={editing.text}
                            disabled={editing.saving}
                            placeholder={c.nullable ? 'NULL' : ''}
                            onChange={(e) =>
                              setEditing({ ...editing, text: e.target.value, error: undefined })
                            }
                            onKeyDown={(e) => onKey(e, row, c)}
                            onBlur={() => !editing.saving && !editing.error && setEditing(null)}
                            ref={(el) => el?.focus()}
                          />
                          {editing.saving ? <Spinner size={12} /> : null}
                          {editing.error ? (
                            <div className="cell-error" role="alert">
                              {editing.error}
                            </div>
                          ) : null}
                        </div>
                      ) : value === null || value === undefined ? (
                        <span className="null">NULL</span>
                      ) : typeof value === 'boolean' ? (
                        <span className={`bool bool-${value}`}>{String(value)}</span>
                      ) : (
                        <span className="cell">{cellText(value)}</span>
                      )}
                    </td>
                  );
                })}
                {rowKey && onDeleteRow ? (
                  <td className="grid-actions">
                    <IconButton icon="trash" label={`Delete row ${id}`} onClick={() => onDeleteRow(row)} />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
