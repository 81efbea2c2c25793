import type { ServiceHealthEntry } from '@pve-nexus/contracts';
import { SERVICE_LABELS, STATE_LABELS, formatLatency, formatUptime } from './format.util';

/** One service: its state, what it said of itself, and each dependency it relies on. */
export function ServiceCard({ entry }: { entry: ServiceHealthEntry }) {
  const headingId = `service-${entry.service}-name`;
  return (
    <article
      className={`service service--${entry.status}`}
      aria-labelledby={headingId}
      data-testid={`service-${entry.service}`}
      data-status={entry.status}
    >
      <header className="service__header">
        <h2 className="service__name" id={headingId}>
          {SERVICE_LABELS[entry.service]}
          <code className="service__id">{entry.service}</code>
        </h2>
        <span className={`badge badge--${entry.status}`} data-testid="service-status">
          {STATE_LABELS[entry.status]}
        </span>
      </header>

      {entry.error && (
        <p className="service__error" data-testid="service-error">
          {entry.error}
        </p>
      )}

      <dl className="facts">
        <div>
          <dt>Version</dt>
          <dd data-testid="service-version">{entry.version ?? '—'}</dd>
        </div>
        <div>
          <dt>Uptime</dt>
          <dd data-testid="service-uptime">{formatUptime(entry.uptimeSeconds)}</dd>
        </div>
        <div>
          <dt title="Round trip of the health request over NATS, measured by the gateway">Bus latency</dt>
          <dd data-testid="service-latency">{entry.service === 'gateway' ? 'n/a' : formatLatency(entry.latencyMs)}</dd>
        </div>
        <div>
          <dt>Instance</dt>
          <dd className="facts__mono" title={entry.instanceId}>
            {entry.instanceId ?? '—'}
          </dd>
        </div>
      </dl>

      <h3 className="service__subheading">Dependencies</h3>
      {entry.dependencies.length === 0 ? (
        <p className="service__empty">{entry.status === 'down' ? 'Unknown while the service is down' : 'None'}</p>
      ) : (
        <ul className="deps">
          {entry.dependencies.map((dependency) => (
            <li key={dependency.name} className="dep" data-testid={`dependency-${dependency.name}`} data-status={dependency.status}>
              <span className={`dot dot--${dependency.status}`} aria-hidden="true" />
              <span className="dep__name">{dependency.name}</span>
              <span className="dep__state">
                {STATE_LABELS[dependency.status]}
                {dependency.latencyMs !== undefined && ` · ${formatLatency(dependency.latencyMs)}`}
              </span>
              {dependency.error && <span className="dep__error">{dependency.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
