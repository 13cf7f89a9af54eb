import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SortOrder } from '../src/api/types';
import { DataGrid, type GridColumn, parseCellInput } from '../src/components/DataGrid';

const columns: GridColumn[] = [
  { name: 'id', type: 'integer', nullable: false },
  { name: 'title', type: 'text', nullable: true },
  { name: 'done', type: 'boolean', nullable: true },
  { name: 'meta', type: 'jsonb', nullable: true },
];
const rows = [
  { id: 1, title: 'Buy milk', done: false, meta: { tags: ['home'] } },
  { id: 2, title: null, done: true, meta: null },
];

function renderGrid(props: Partial<Parameters<typeof DataGrid>[0]> = {}) {
  const onSortChange = vi.fn<(sort: SortOrder) => void>();
  const onCellEdit = vi.fn(async () => {});
  const onDeleteRow = vi.fn();
  render(
    <DataGrid
      columns={columns}
      rows={rows}
      rowKey="id"
      primaryKeys={['id']}
      sort={null}
      onSortChange={onSortChange}
      onCellEdit={onCellEdit}
      onDeleteRow={onDeleteRow}
      {...props}
    />,
  );
  return { onSortChange, onCellEdit, onDeleteRow };
}

const cell = (rowId: string, column: number) => {
  const row = document.querySelector(`tr[data-row-id="${rowId}"]`) as HTMLElement;
  return row.querySelectorAll('td')[column] as HTMLElement;
};

describe('DataGrid', () => {
  it('shows every row and column, NULL distinctly, and JSON as text', () => {
    renderGrid();
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'idinteger',
      'titletext',
      'doneboolean',
      'metajsonb',
      '',
    ]);
    expect(cell('1', 1).textContent).toBe('Buy milk');
    expect(cell('1', 3).textContent).toBe('{"tags":["home"]}');
    expect(cell('2', 1).textContent).toBe('NULL');
    expect(cell('2', 2).textContent).toBe('true');
  });

  it('sorts by a header: ascending, then descending, then unsorted', async () => {
    const user = userEvent.setup();
    const first = renderGrid();
    await user.click(screen.getByRole('button', { name: /title/ }));
    expect(first.onSortChange).toHaveBeenLastCalledWith({ column: 'title', direction: 'asc' });
    first.onSortChange.mockClear();

    document.body.innerHTML = '';
    const second = renderGrid({ sort: { column: 'title', direction: 'asc' } });
    expect(screen.getAllByRole('columnheader')[1]!.getAttribute('aria-sort')).toBe('ascending');
    await user.click(screen.getByRole('button', { name: /title/ }));
    expect(second.onSortChange).toHaveBeenLastCalledWith({ column: 'title', direction: 'desc' });

    document.body.innerHTML = '';
    const third = renderGrid({ sort: { column: 'title', direction: 'desc' } });
    await user.click(screen.getByRole('button', { name: /title/ }));
    expect(third.onSortChange).toHaveBeenLastCalledWith(null);
  });

  it('edits a cell inline: double-click, type, Enter saves the typed value', async () => {
    const user = userEvent.setup();
    const { onCellEdit } = renderGrid();
    await user.dblClick(cell('1', 1));
    const input = screen.getByRole('textbox', { name: 'Edit title' }) as HTMLInputElement;
    expect(input.value).toBe('Buy milk');
    await user.clear(input);
    await user.type(input, 'Buy oat milk{Enter}');
    expect(onCellEdit).toHaveBeenCalledWith(rows[0], 'title', 'Buy oat milk');
    expect(screen.queryByRole('textbox', { name: 'Edit title' })).toBeNull();
  });

  it('parses booleans and JSON, and treats an emptied non-text cell as NULL', async () => {
    const user = userEvent.setup();
    const { onCellEdit } = renderGrid();
    await user.dblClick(cell('1', 2));
    await user.clear(screen.getByRole('textbox', { name: 'Edit done' }));
    await user.type(screen.getByRole('textbox', { name: 'Edit done' }), 'true{Enter}');
    expect(onCellEdit).toHaveBeenLastCalledWith(rows[0], 'done', true);

    await user.dblClick(cell('1', 3));
    await user.clear(screen.getByRole('textbox', { name: 'Edit meta' }));
    expect(onCellEdit).toHaveBeenCalledTimes(1);
    await user.type(screen.getByRole('textbox', { name: 'Edit meta' }), '{Enter}');
    expect(onCellEdit).toHaveBeenLastCalledWith(rows[0], 'meta', null);

    expect(parseCellInput('{"a":1}', columns[3]!)).toEqual({ a: 1 });
    expect(parseCellInput('', columns[1]!)).toBe('');
  });

  it('Escape cancels an edit without saving', async () => {
    const user = userEvent.setup();
    const { onCellEdit } = renderGrid();
    await user.dblClick(cell('1', 1));
    await user.type(screen.getByRole('textbox', { name: 'Edit title' }), ' changed{Escape}');
    expect(onCellEdit).not.toHaveBeenCalled();
    expect(cell('1', 1).textContent).toBe('Buy milk');
  });

  it('keeps the editor open with the error when saving fails, and rejects invalid JSON before sending', async () => {
    const user = userEvent.setup();
    const onCellEdit = vi.fn(async () => {
      throw new Error('value too long for type character varying(5)');
    });
    renderGrid({ onCellEdit });
    await user.dblClick(cell('1', 1));
    await user.type(screen.getByRole('textbox', { name: 'Edit title' }), '!!{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'value too long for type character varying(5)',
    );
    // The editor stays open with what was typed, so nothing the person wrote is lost.
    expect((screen.getByRole('textbox', { name: 'Edit title' }) as HTMLInputElement).value).toBe(
      'Buy milk!!',
    );

    await user.keyboard('{Escape}');
    await user.dblClick(cell('1', 3));
    await user.type(screen.getByRole('textbox', { name: 'Edit meta' }), 'not json{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('meta: not valid JSON');
    expect(onCellEdit).toHaveBeenCalledTimes(1);
  });

  it('asks its owner to delete a row from the row action', async () => {
    const user = userEvent.setup();
    const { onDeleteRow } = renderGrid();
    const row = document.querySelector('tr[data-row-id="2"]') as HTMLElement;
    await user.click(within(row).getByRole('button', { name: 'Delete row 2' }));
    expect(onDeleteRow).toHaveBeenCalledWith(rows[1]);
  });

  it('is read-only without a row key', async () => {
    const user = userEvent.setup();
    const { onCellEdit } = renderGrid({ rowKey: null });
    expect(screen.queryByRole('button', { name: /Delete row/ })).toBeNull();
    await user.dblClick(screen.getByText('Buy milk'));
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(onCellEdit).not.toHaveBeenCalled();
  });
});
