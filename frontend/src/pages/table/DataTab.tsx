import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeError } from '../../api/client';
import { tables } from '../../api/endpoints';
import type { FilterOp, Row, RowFilter, SortOrder, TableDetail } from '../../api/types';
import { cellText, DataGrid, type GridColumn, parseCellInput } from '../../components/DataGrid';
import { Icon } from '../../components/icons';
import { LiveBadge } from '../../components/LiveBadge';
import { Pager } from '../../components/Pager';
import {
  Button,
  DialogActions,
  EmptyState,
  ErrorState,
  Field,
  IconButton,
  LoadingState,
  Modal,
  useConfirm,
  useToast,
} from '../../components/ui';
import { useTableChanges } from '../../realtime/realtime';

const OPS: Array<{ value: FilterOp; label: string }> = [
  { value: 'eq', label: '=' },
  { value: 'neq', label: '≠' },
  { value: 'gt', label: '>' },
  { value: 'gte', label: '≥' },
  { value: 'lt', label: '<' },
  { value: 'lte', label: '≤' },
  { value: 'ilike', label: 'contains' },
  { value: 'like', label: 'like' },
  { value: 'in', label: 'in list' },
  { value: 'is', label: 'is' },
];

const PAGE_SIZES = [25, 50, 100, 250];

export function DataTab({ table }: { table: TableDetail }) {
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [sort, setSort] = useState<SortOrder>(null);
  const [filters, setFilters] = useState<RowFilter[]>([]);
  const [inserting, setInserting] = useState(false);
  const [flashed, setFlashed] = useState<Set<string>>(new Set());
  const flashTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const rowKey = table.primary_keys.length === 1 ? (table.primary_keys[0] ?? null) : null;
  const columns: GridColumn[] = table.columns.map((c) => ({
    name: c.column_name,
    type: c.data_type,
    nullable: c.is_nullable === 'YES',
  }));
  const queryKey = ['rows', table.name, page, pageSize, sort, filters];
  const rows = useQuery({
    queryKey,
    queryFn: () => tables.rows(table.name, { page, pageSize, sort, filters }),
    placeholderData: keepPreviousData,
  });

  const live = useTableChanges(table.name, (change) => {
    void queryClient.invalidateQueries({ queryKey: ['rows', table.name] });
    const row = change.payload.new ?? change.payload.old;
    if (rowKey && row && change.event !== 'DELETE') {
      const id = cellText(row[rowKey]);
      setFlashed((s) => new Set(s).add(id));
      if (flashTimer.current) clearTimeout(flashTimer.current);
      flashTimer.current = setTimeout(() => setFlashed(new Set()), 1800);
    }
  });

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['rows', table.name] });

  const deleteRow = async (row: Row) => {
    if (!rowKey) return;
    const id = cellText(row[rowKey]);
    const ok = await confirm({
      title: 'Delete this row?',
      message: (
        <>
          The row where <code>{rowKey}</code> = <code>{id}</code> will be deleted from{' '}
          <strong>{table.name}</strong>. This cannot be undone.
        </>
      ),
      confirmLabel: 'Delete row',
    });
    if (!ok) return;
    try {
      await tables.deleteRow(table.name, id, rowKey);
      toast('ok', 'Row deleted');
      await refresh();
    } catch (err) {
      toast('danger', describeError(err).message);
    }
  };

  const editCell = async (row: Row, column: string, value: unknown) => {
    if (!rowKey) return;
    try {
      await tables.updateRow(table.name, cellText(row[rowKey]), rowKey, { [column]: value });
    } catch (err) {
      throw new Error(describeError(err).message);
    }
    await refresh();
  };

  const total = rows.data?.metadata.total_count ?? null;
  const totalPages = rows.data?.metadata.total_pages ?? 1;

  return (
    <div className="data-tab">
      <div className="page-toolbar">
        <FilterBar
          columns={columns}
          filters={filters}
          onChange={(f) => {
            setFilters(f);
            setPage(1);
          }}
        />
        <div className="toolbar-right">
          <LiveBadge status={live} />
          <IconButton icon="refresh" label="Reload rows" onClick={() => void refresh()} />
          <Button variant="primary" icon="plus" onClick={() => setInserting(true)}>
            Insert row
          </Button>
        </div>
      </div>
      {!rowKey ? (
        <div className="notice">
          <Icon name="alert" size={15} /> This table has no single-column primary key, so its rows are
          read-only here.
        </div>
      ) : null}
      <div className="grid-card">
        {rows.isPending ? (
          <LoadingState label="Loading rows…" />
        ) : rows.error ? (
          <ErrorState error={rows.error} onRetry={() => void rows.refetch()} />
        ) : rows.data.data.length === 0 ? (
          <EmptyState
            icon="table"
            title={filters.length ? 'No row matches these filters' : 'This table is empty'}
            action={
              filters.length ? (
                <Button onClick={() => setFilters([])}>Clear filters</Button>
              ) : (
                <Button variant="primary" icon="plus" onClick={() => setInserting(true)}>
                  Insert the first row
                </Button>
              )
            }
          />
        ) : (
          <DataGrid
            columns={columns}
            rows={rows.data.data}
            rowKey={rowKey}
            primaryKeys={table.primary_keys}
            sort={sort}
            onSortChange={(s) => {
              setSort(s);
              setPage(1);
            }}
            onCellEdit={editCell}
            onDeleteRow={(row) => void deleteRow(row)}
            flashed={flashed}
          />
        )}
      </div>
      <Pager
        page={page}
        pageCount={totalPages ?? 1}
        hasNext={page < (totalPages ?? 1)}
        onPage={setPage}
        summary={
          <>
            {total === null ? '' : `${total.toLocaleString()} row${total === 1 ? '' : 's'}`}
            {rows.isFetching && !rows.isPending ? ' · refreshing…' : ''}
          </>
        }
        pageSize={{
          label: 'Rows per page',
          value: pageSize,
          options: PAGE_SIZES,
          onChange: (size) => {
            setPageSize(size);
            setPage(1);
          },
        }}
      />
      {inserting ? (
        <InsertRowDialog
          table={table}
          columns={columns}
          onClose={() => setInserting(false)}
          onInserted={() => {
            setInserting(false);
            toast('ok', 'Row inserted');
            void refresh();
          }}
        />
      ) : null}
    </div>
  );
}

function FilterBar({
  columns,
  filters,
  onChange,
}: {
  columns: GridColumn[];
  filters: RowFilter[];
  onChange: (filters: RowFilter[]) => void;
}) {
  const [column, setColumn] = useState(columns[0]?.name ?? '');
  const [op, setOp] = useState<FilterOp>('eq');
  const [value, setValue] = useState('');
  const add = () => {
    if (!column) return;
    onChange([
      ...filters,
      { column, op, value: op === 'ilike' && !value.includes('%') ? `%${value}%` : value },
    ]);
    setValue('');
  };
  return (
    <div className="filters">
      <div className="filter-form">
        <Icon name="filter" size={15} className="muted" />
        <select
          className="input"
          aria-label="Filter column"
          value={column}
          onChange={(e) => setColumn(e.target.value)}
        >
          {columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        <select
          className="input"
          aria-label="Filter operator"
          value={op}
          onChange={(e) => setOp(e.target.value as FilterOp)}
        >
          {OPS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <input
          className="input"
          aria-label="Filter value"
          placeholder={op === 'is' ? 'null, true or false' : op === 'in' ? 'a,b,c' : 'value'}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <Button size="sm" onClick={add}>
          Add filter
        </Button>
      </div>
      {filters.length ? (
        <div className="chips">
          {filters.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same filter may be added twice; its place is its identity
            <span key={`${f.column}-${f.op}-${f.value}-${i}`} className="chip">
              <code>
                {f.column} {OPS.find((o) => o.value === f.op)?.label} {f.value}
              </code>
              <button
                type="button"
                aria-label={`Remove filter on ${f.column}`}
                onClick={() => onChange(filters.filter((_, j) => j !== i))}
              >
                <Icon name="x" size={12} />
              </button>
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function InsertRowDialog({
  table,
  columns,
  onClose,
  onInserted,
}: {
  table: TableDetail;
  columns: GridColumn[];
  onClose: () => void;
  onInserted: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const insert = useMutation({
    mutationFn: async () => {
      const row: Row = {};
      for (const c of columns) {
        const text = values[c.name];
        if (text === undefined || text === '') continue;
        row[c.name] = parseCellInput(text, c);
      }
      return tables.insertRow(table.name, row);
    },
    onSuccess: onInserted,
  });
  const defaults = new Map(table.columns.map((c) => [c.column_name, c.column_default]));
  return (
    <Modal
      title={`Insert a row into ${table.name}`}
      onClose={onClose}
      footer={
        <DialogActions
          error={insert.error}
          onCancel={onClose}
          label="Insert row"
          busy={insert.isPending}
          onSubmit={() => insert.mutate()}
        />
      }
    >
      <p className="muted text-small">Leave a field empty to use the column's default (or NULL).</p>
      <form
        className="form-stack"
        onSubmit={(e) => {
          e.preventDefault();
          insert.mutate();
        }}
      >
        {columns.map((c) => (
          <Field
            key={c.name}
            label={c.name}
            hint={
              <>
                {c.type}
                {c.nullable ? '' : ' · required'}
                {defaults.get(c.name) ? ` · default ${defaults.get(c.name)}` : ''}
              </>
            }
          >
            <input
              className="input"
              aria-label={`Value for ${c.name}`}
              value={values[c.name] ?? ''}
              placeholder={defaults.get(c.name) ? 'default' : c.nullable ? 'NULL' : ''}
              onChange={(e) => setValues((v) => ({ ...v, [c.name]: e.target.value }))}
            />
          </Field>
        ))}
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
