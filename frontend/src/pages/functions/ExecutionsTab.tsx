import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { functions } from '../../api/endpoints';
import type { Execution } from '../../api/types';
import { Icon } from '../../components/icons';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui';
import { LogLines } from './LogLines';
import { RUNS_REFRESH_MS } from './live';
import { ExecutionBadge, formatDuration, timeAgo } from './run-status';

/**
 * The function's runs, newest first, with the selected run's details and console output.
 * "Follow new runs" keeps the newest run selected as runs arrive; `initialRun` opens one run.
 */
export function ExecutionsTab({ functionId, initialRun }: { functionId: string; initialRun: string | null }) {
  const [selected, setSelected] = useState<string | null>(initialRun);
  const [follow, setFollow] = useState(!initialRun);
  const runs = useQuery({
    queryKey: ['function-executions', functionId],
    queryFn: () => functions.executions(functionId, 100),
    refetchInterval: RUNS_REFRESH_MS,
  });
  const list = runs.data ?? [];
  const current = (follow ? list[0] : list.find((e) => e.id === selected)) ?? null;

  return (
    <div className="fn-runs">
      <section className="card fn-runs-list">
        <div className="card-header">
          <h2>Executions</h2>
          <label className="check fn-follow">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
            Follow new runs
          </label>
        </div>
        {runs.isPending ? (
          <LoadingState label="Loading executions…" />
        ) : runs.error ? (
          <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState icon="clock" title="No runs yet">
            Runs appear here as they happen: invoke the function from the Code tab, or through its URL.
          </EmptyState>
        ) : (
          <table className="list-table" data-testid="executions">
            <thead>
              <tr>
                <th>Status</th>
                <th>Trigger</th>
                <th>Started</th>
                <th className="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr
                  key={e.id}
                  className={`clickable ${current?.id === e.id ? 'fn-row-selected' : ''}`}
                  aria-selected={current?.id === e.id}
                  onClick={() => {
                    setFollow(false);
                    setSelected(e.id);
                  }}
                >
                  <td>
                    <ExecutionBadge status={e.status} />
                    {e.status_code !== null ? (
                      <span className="muted mono fn-code-num">{e.status_code}</span>
                    ) : null}
                  </td>
                  <td>{e.trigger}</td>
                  <td title={new Date(e.started_at).toLocaleString()}>{timeAgo(e.started_at)}</td>
                  <td className="num">{formatDuration(e.duration_ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card fn-run-detail" data-testid="execution-detail">
        {current ? (
          <RunDetail functionId={functionId} run={current} />
        ) : (
          <EmptyState icon="clock" title="Select a run">
            Its status, error and console output show here.
          </EmptyState>
        )}
      </section>
    </div>
  );
}

function RunDetail({ functionId, run }: { functionId: string; run: Execution }) {
  const logs = useQuery({
    queryKey: ['function-logs', functionId, run.id],
    queryFn: () => functions.logs(functionId, { execution_id: run.id, limit: 1000 }),
  });
  return (
    <>
      <div className="card-header">
        <h2>
          Run <span className="mono">{run.id.slice(0, 8)}</span>
        </h2>
        <ExecutionBadge status={run.status} />
      </div>
      <dl className="fn-facts">
        <dt>Trigger</dt>
        <dd>{run.trigger}</dd>
        <dt>Status code</dt>
        <dd className="mono">{run.status_code ?? '—'}</dd>
        <dt>Started</dt>
        <dd>{new Date(run.started_at).toLocaleString()}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.duration_ms)}</dd>
      </dl>
      {run.error ? (
        <div className="fn-run-error" role="alert">
          <Icon name="alert" size={15} />
          <pre>{run.error}</pre>
        </div>
      ) : null}
      <h3 className="fn-subhead">Console output</h3>
      {logs.isPending ? (
        <LoadingState label="Loading logs…" />
      ) : logs.error ? (
        <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />
      ) : logs.data.length === 0 ? (
        <p className="muted text-small fn-pad">This run wrote nothing to the console.</p>
      ) : (
        <LogLines lines={[...logs.data].reverse()} />
      )}
    </>
  );
}
