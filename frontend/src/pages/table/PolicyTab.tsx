import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { tables } from '../../api/endpoints';
import type { TableDetail } from '../../api/types';
import { PolicyEditor, type PolicyValue, policyBody, policyFromTable } from '../../components/PolicyEditor';
import { Button, InlineError, useToast } from '../../components/ui';

export function PolicyTab({ table }: { table: TableDetail }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [value, setValue] = useState<PolicyValue>(() => policyFromTable(table));
  const save = useMutation({
    mutationFn: () => tables.update(table.name, policyBody(value)),
    onSuccess: () => {
      toast('ok', 'Access policy saved');
      void queryClient.invalidateQueries({ queryKey: ['table', table.name] });
      void queryClient.invalidateQueries({ queryKey: ['tables'] });
    },
  });
  return (
    <div className="card card-padded narrow">
      <h2 className="card-title">Who may read and write {table.name}</h2>
      <p className="muted">
        Rules are enforced inside the SQL statement that reads or writes. Superusers may always do everything.
      </p>
      <PolicyEditor value={value} onChange={setValue} columns={table.columns.map((c) => c.column_name)} />
      <div className="form-actions">
        <InlineError error={save.error} />
        <Button variant="primary" icon="save" busy={save.isPending} onClick={() => save.mutate()}>
          Save policy
        </Button>
      </div>
    </div>
  );
}
