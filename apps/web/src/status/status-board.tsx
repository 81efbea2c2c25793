'use client';

import type { SystemHealth } from '@pve-nexus/contracts';
import { ServiceCard } from './service-card';
import { formatClock, plural } from './format.util';
import { useSystemHealth, type SystemHealthView } from './use-system-health';

export interface StatusBoardProps {
  /** Milliseconds between two health requests; default 3000. */
  refreshMs?: number;
}

type Banner = { tone: 'ok' | 'bad' | 'unknown'; text: string };

function bannerOf(view: SystemHealthView): Banner {
  if (view.failure) return { tone: 'unknown', text: 'Status unknown: the gateway cannot be reached' };
  if (!view.report) return { tone: 'unknown', text: 'Checking system status…' };
  const down = view.report.health.services.filter((service) => service.status === 'down');
  if (down.length === 0 && view.report.health.status === 'up') return { tone: 'ok', text: 'All systems operational' };
  return { tone: 'bad', text: `Degraded: ${plural(down.length, 'service', 'services')} down` };
}

/** The live system status: an overall banner and one card per service, refreshed in place. */
export function StatusBoard({ refreshMs = 3_000 }: StatusBoardProps) {
  const view = useSystemHealth(refreshMs);
  const banner = bannerOf(view);
  const health: SystemHealth | undefined = view.report?.health;

  return (
    <section className="status" aria-labelledby="status-title" aria-busy={!view.lastAttemptAt}>
      <div className="status__top">
        <h1 id="status-title">System status</h1>
        <p className="status__checked" data-testid="last-checked">
          {view.lastAttemptAt ? (
            <>
              Last checked <time dateTime={view.lastAttemptAt.toISOString()}>{formatClock(view.lastAttemptAt)}</time>
              <span className="status__refresh"> · refreshes every {refreshMs / 1000} s</span>
            </>
          ) : (
            'Not checked yet'
          )}
        </p>
      </div>

      {/* A polite live region: screen readers hear the overall state when it changes, not every poll. */}
      <div className={`banner banner--${banner.tone}`} role="status" aria-live="polite" data-testid="overall-status" data-tone={banner.tone}>
        <span className="banner__icon" aria-hidden="true" />
        <span>{banner.text}</span>
      </div>

      {view.failure && (
        <div className="alert" role="alert" data-testid="gateway-unreachable">
          <strong>Cannot reach the gateway.</strong> {view.failure.message}
          {view.report && (
            <>
              {' '}
              Showing the last known state, reported at{' '}
              <time dateTime={view.report.receivedAt.toISOString()}>{formatClock(view.report.receivedAt)}</time>.
            </>
          )}
        </div>
      )}

      {health && (
        <ul className={`services${view.failure ? ' services--stale' : ''}`} aria-label="Services" data-testid="services">
          {health.services.map((entry) => (
            <li key={entry.service}>
              <ServiceCard entry={entry} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
