import { Link } from 'react-router';
import type { TableDetail } from '../../api/types';
import { Icon } from '../../components/icons';
import { Badge, EmptyState } from '../../components/ui';

export function RelationsTab({ table }: { table: TableDetail }) {
  const indexes = new Map<string, { columns: string[]; unique: boolean; primary: boolean }>();
  for (const i of table.indexes) {
    const entry = indexes.get(i.index_name) ?? { columns: [], unique: i.is_unique, primary: i.is_primary };
    entry.columns.push(i.column_name);
    indexes.set(i.index_name, entry);
  }
  return (
    <div className="two-col">
      <section className="card">
        <header className="card-header">
          <h2>Foreign keys</h2>
        </header>
        {table.foreign_keys.length === 0 ? (
          <EmptyState icon="link" title="No foreign keys">
            Add a column that references another table when you create a table.
          </EmptyState>
        ) : (
          <table className="list-table">
            <thead>
              <tr>
                <th>Column</th>
                <th>References</th>
              </tr>
            </thead>
            <tbody>
              {table.foreign_keys.map((fk) => (
                <tr key={`${fk.column_name}-${fk.foreign_table_name}`}>
                  <td>
                    <code>{fk.column_name}</code>
                  </td>
                  <td>
                    <Link className="table-link" to={`/tables/${encodeURIComponent(fk.foreign_table_name)}`}>
                      <Icon name="link" size={13} /> {fk.foreign_table_name}.{fk.foreign_column_name}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <header className="card-header">
          <h2>Indexes</h2>
        </header>
        {indexes.size === 0 ? (
          <EmptyState icon="key" title="No indexes" />
        ) : (
          <table className="list-table">
            <thead>
              <tr>
                <th>Index</th>
                <th>Columns</th>
                <th>Kind</th>
              </tr>
            </thead>
            <tbody>
              {[...indexes].map(([name, i]) => (
                <tr key={name}>
                  <td>
                    <code>{name}</code>
                  </td>
                  <td>{i.columns.join(', ')}</td>
                  <td>
                    {i.primary ? (
                      <Badge tone="brand">primary</Badge>
                    ) : i.unique ? (
                      <Badge tone="ok">unique</Badge>
                    ) : (
                      <Badge>index</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
