import type { RealtimeStatus } from '../realtime/realtime';
import { Badge } from './ui';

/** Whether a page's realtime subscriptions are confirmed, so changes made elsewhere show up. */
export function LiveBadge({ status }: { status: RealtimeStatus }) {
  return (
    <Badge tone={status === 'live' ? 'ok' : 'neutral'}>
      <span className={`dot ${status === 'live' ? 'dot-live' : ''}`} />
      {status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Realtime offline'}
    </Badge>
  );
}
