import { Badge } from '../ui/badges';
import type { StreamState } from './use-tenant-events';

const LABELS: Record<StreamState, string> = { live: 'Live', connecting: 'Connecting…', retrying: 'Reconnecting…', revoked: 'No access' };

/** Whether the page's event stream is connected; `title` says what it keeps up to date. */
export function LiveBadge({ state, title }: { state: StreamState; title: string }) {
  return (
    <span data-testid="live-status" data-state={state} title={title}>
      <Badge tone={state === 'live' ? 'ok' : 'warn'}>{LABELS[state]}</Badge>
    </span>
  );
}
