import { useQuery } from '@tanstack/react-query';
import { tables } from '../../api/endpoints';
import { Button, ErrorState, LoadingState, useToast } from '../../components/ui';

export function DdlTab({ table }: { table: string }) {
  const toast = useToast();
  const ddl = useQuery({ queryKey: ['ddl', table], queryFn: () => tables.ddl(table) });
  if (ddl.isPending) return <LoadingState label="Loading the definition…" />;
  if (ddl.error) return <ErrorState error={ddl.error} onRetry={() => void ddl.refetch()} />;
  return (
    <div className="card">
      <header className="card-header">
        <h2>Definition</h2>
        <Button
          size="sm"
          icon="code"
          onClick={() =>
            void navigator.clipboard?.writeText(ddl.data).then(
              () => toast('ok', 'Copied to the clipboard'),
              () => toast('danger', 'The browser refused the clipboard'),
            )
          }
        >
          Copy SQL
        </Button>
      </header>
      <pre className="code-block" data-testid="ddl">
        {ddl.data}
      </pre>
    </div>
  );
}
