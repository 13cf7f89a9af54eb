import { useQuery } from '@tanstack/react-query';
import { functions } from '../../api/endpoints';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui';
import { LogLines } from './LogLines';
import { RUNS_REFRESH_MS } from './live';

const RECENT_LINES = 500;

/** The newest console lines of every run, newest first, following new runs. */
export function LogsTab({ functionId, onRun }: { functionId: string; onRun: (executionId: string) => void }) {
  const logs = useQuery({
    queryKey: ['function-logs', functionId, 'recent'],
    queryFn: () => functions.logs(functionId, { limit: RECENT_LINES }),
    refetchInterval: RUNS_REFRESH_MS,
  });
  return (
    <section className="card">
      <div className="card-header">
        <h2>Logs</h2>
        <span className="muted text-small">
          The newest {RECENT_LINES} lines, newest first; kept for FUNCTION_LOG_RETENTION_DAYS days
        </span>
      </div>
      {logs.isPending ? (
        <LoadingState label="Loading logs…" />
      ) : logs.error ? (
        <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />
      ) : logs.data.length === 0 ? (
        <EmptyState icon="book" title="No log lines yet">
          What the function writes with console.log, console.warn or console.error shows here.
        </EmptyState>
      ) : (
        <LogLines lines={logs.data} onRun={onRun} />
      )}
    </section>
  );
}
