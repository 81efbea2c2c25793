'use client';

import type { ConnectionTestResult, TestedNode } from '@pve-nexus/contracts';
import { Badge, type BadgeTone } from '../ui/badges';
import { describeFailure } from './connection-test.util';

const PIN_BADGES: Record<TestedNode['pin'], { tone: BadgeTone; label: string; title: string }> = {
  match: { tone: 'ok', label: 'Pinned', title: 'The certificate is the accepted one' },
  new: { tone: 'warn', label: 'Not accepted yet', title: 'No fingerprint is accepted for this node yet: first use, or a node that joined' },
  changed: { tone: 'bad', label: 'Changed', title: 'The certificate differs from the accepted fingerprint' },
  'not-pinned': { tone: 'neutral', label: 'CA verified', title: 'Verified against trusted certificate authorities; nothing is pinned' },
};

/** The endpoint a test used, as a reader says it. */
export function EndpointText({ endpoint }: { endpoint: ConnectionTestResult['endpoint'] }) {
  return (
    <>
      <code>
        {endpoint.host}:{endpoint.port}
      </code>{' '}
      <span className="muted">({endpoint.via === 'tailnet' ? 'via Tailscale' : 'public address'})</span>
    </>
  );
}

/**
 * What a connection test found: the Proxmox VE version, each node with its certificate fingerprint and
 * how it compares with the accepted one, and the latency; or why it failed, in plain words.
 */
export function ConnectionTestPanel({ result }: { result: ConnectionTestResult }) {
  if (!result.ok) {
    const text = describeFailure(result.reason, result.endpoint);
    return (
      <section className="test-result test-result--failed" data-testid="connection-test" data-ok="false" data-reason={result.reason} aria-live="polite">
        <header className="test-result__header">
          <span className="test-result__icon" aria-hidden="true">
            !
          </span>
          <div>
            <h3 className="test-result__title" data-testid="test-failure-title">
              Connection failed: {text.title}
            </h3>
            <p className="test-result__advice" data-testid="test-failure-advice">
              {text.advice}
            </p>
          </div>
        </header>
        <details className="test-result__details">
          <summary>Technical details</summary>
          <dl className="kv">
            <dt>Reason</dt>
            <dd>
              <code>{result.reason}</code>
            </dd>
            <dt>Message</dt>
            <dd className="kv__wrap">{result.message}</dd>
            <dt>Endpoint</dt>
            <dd>
              <EndpointText endpoint={result.endpoint} />
            </dd>
            <dt>After</dt>
            <dd>{Math.round(result.latencyMs)} ms</dd>
            {result.presentedFingerprint && (
              <>
                <dt>Presented certificate</dt>
                <dd>
                  <code className="fingerprint">{result.presentedFingerprint}</code>
                </dd>
              </>
            )}
          </dl>
        </details>
      </section>
    );
  }

  const online = result.nodes.filter((node) => node.online).length;
  return (
    <section className="test-result test-result--ok" data-testid="connection-test" data-ok="true" aria-live="polite">
      <header className="test-result__header">
        <span className="test-result__icon" aria-hidden="true">
          ✓
        </span>
        <div>
          <h3 className="test-result__title">Connected to Proxmox VE {result.version}</h3>
          <p className="test-result__advice">
            Through <EndpointText endpoint={result.endpoint} />.
          </p>
        </div>
      </header>
      <dl className="test-facts">
        <div>
          <dt>Version</dt>
          <dd data-testid="test-version">{result.version}</dd>
        </div>
        <div>
          <dt>Release</dt>
          <dd>{result.release}</dd>
        </div>
        <div>
          <dt>Nodes</dt>
          <dd data-testid="test-node-count">
            {result.nodes.length} <span className="muted">({online} online)</span>
          </dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd data-testid="test-latency">{Math.round(result.latencyMs)} ms</dd>
        </div>
      </dl>
      <table className="table table--compact test-nodes" aria-label="Nodes and their certificates">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">State</th>
            <th scope="col">Certificate fingerprint (SHA-256)</th>
            <th scope="col">Trust</th>
          </tr>
        </thead>
        <tbody>
          {result.nodes.map((node) => {
            const badge = PIN_BADGES[node.pin];
            return (
              <tr key={node.node} data-testid="test-node" data-node={node.node} data-pin={node.pin}>
                <td className="strong">{node.node}</td>
                <td>{node.online ? <Badge tone="ok">Online</Badge> : <Badge tone="bad">Offline</Badge>}</td>
                <td>{node.fingerprint ? <code className="fingerprint" data-testid="test-fingerprint">{node.fingerprint}</code> : <span className="muted">not reported</span>}</td>
                <td>
                  <Badge tone={badge.tone} title={badge.title}>
                    {badge.label}
                  </Badge>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
