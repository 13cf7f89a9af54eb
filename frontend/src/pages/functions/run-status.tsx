import type { ExecutionStatus, FunctionTrigger } from '../../api/types';
import { Icon } from '../../components/icons';
import { Badge } from '../../components/ui';

const STATUS_TONE = { success: 'ok', error: 'danger', timeout: 'warn' } as const;

export function ExecutionBadge({ status }: { status: ExecutionStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "12 s ago", "5 min ago", or the date for anything older than a day. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleString();
}

export function methodsOf(trigger: Extract<FunctionTrigger, { type: 'http' }>): string[] {
  if (!trigger.method) return ['any method'];
  return Array.isArray(trigger.method) ? trigger.method : [trigger.method];
}

/** One badge per trigger, saying what fires the function. */
export function TriggerBadges({ triggers, runOnce }: { triggers: FunctionTrigger[]; runOnce: boolean }) {
  if (triggers.length === 0 && !runOnce) return <span className="muted">none</span>;
  return (
    <span className="fn-triggers">
      {triggers.map((t) => (
        <Badge key={JSON.stringify(t)} tone="brand">
          {t.type === 'http' ? (
            <>
              <Icon name="globe" size={12} /> HTTP {methodsOf(t).join(', ')}
            </>
          ) : t.type === 'schedule' ? (
            <>
              <Icon name="clock" size={12} /> {t.cron} (UTC)
            </>
          ) : t.type === 'database' ? (
            <>
              <Icon name="database" size={12} /> {t.table}:{' '}
              {(t.operations ?? ['INSERT', 'UPDATE', 'DELETE']).join(', ')}
            </>
          ) : (
            <>
              <Icon name="functions" size={12} /> event {t.event}
            </>
          )}
        </Badge>
      ))}
      {runOnce ? (
        <Badge tone="warn">
          <Icon name="play" size={12} /> once after each deploy
        </Badge>
      ) : null}
    </span>
  );
}
