import type { FunctionLog } from '../../api/types';

/** Console lines in the order given, with their time and level. */
export function LogLines({
  lines,
  onRun,
}: {
  lines: FunctionLog[];
  /** When set, each line links to its run. */
  onRun?: (executionId: string) => void;
}) {
  return (
    <ol className="fn-log" data-testid="log-lines">
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no id of their own in the API
        <li key={`${l.execution_id}-${l.at}-${i}`} className={`fn-log-${l.level}`}>
          <time className="fn-log-time">{new Date(l.at).toLocaleTimeString()}</time>
          <span className="fn-log-level">{l.level}</span>
          <span className="fn-log-message">{l.message}</span>
          {onRun ? (
            <button type="button" className="fn-log-run mono" onClick={() => onRun(l.execution_id)}>
              {l.execution_id.slice(0, 8)}
            </button>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
