'use client';

import { useState } from 'react';
import type { AcceptFingerprintsBody, TestedNode } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import { ErrorAlert } from '../ui/alert';

type Fingerprints = AcceptFingerprintsBody['fingerprints'];

/** What is offered for acceptance. */
export type FingerprintOffer =
  /** A successful test named the nodes: accept the new or changed ones. */
  | { kind: 'nodes'; nodes: TestedNode[] }
  /**
   * The entry node presented a certificate that matches no pin, so the test stopped before asking the
   * API which node it is: the person says which node answers at `address`.
   */
  | { kind: 'entry'; fingerprint: string; address: string; pinnedNodes: string[]; likelyNode: string | undefined };

/**
 * The explicit decision to trust certificates: what each one is, a warning that says when accepting is
 * wrong (a changed certificate can be an attack), and, for a changed one, a confirmation to tick.
 */
export function FingerprintReview({ offer, onAccept, onSkip, skipLabel = 'Not now' }: {
  offer: FingerprintOffer;
  onAccept: (fingerprints: Fingerprints) => Promise<void>;
  onSkip?: () => void;
  skipLabel?: string;
}) {
  const candidates = offer.kind === 'nodes' ? offer.nodes.filter((node) => node.fingerprint && (node.pin === 'new' || node.pin === 'changed')) : [];
  const [selected, setSelected] = useState<Set<string>>(() => new Set(candidates.map((node) => node.node)));
  const [entryNode, setEntryNode] = useState(offer.kind === 'entry' ? (offer.likelyNode ?? offer.pinnedNodes[0] ?? '') : '');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  const changed = offer.kind === 'entry' || candidates.some((node) => node.pin === 'changed' && selected.has(node.node));
  const chosen: Fingerprints =
    offer.kind === 'entry'
      ? entryNode
        ? [{ node: entryNode, fingerprint: offer.fingerprint }]
        : []
      : candidates.filter((node) => selected.has(node.node)).map((node) => ({ node: node.node, fingerprint: node.fingerprint! }));
  const ready = chosen.length > 0 && (!changed || confirmed) && !busy;

  const accept = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onAccept(chosen);
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };

  const toggle = (node: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(node);
      else next.delete(node);
      return next;
    });

  return (
    <section className={`review ${changed ? 'review--danger' : ''}`} aria-labelledby="review-title" data-testid="fingerprint-review">
      <h3 id="review-title" className="review__title">
        {changed ? 'A certificate changed: accept the new one?' : `Accept ${plural(candidates.length, 'certificate fingerprint', 'certificate fingerprints')}?`}
      </h3>
      {changed ? (
        <div className="review__warning" role="alert" data-testid="fingerprint-warning">
          <strong>This could be an attack.</strong> A certificate that changes is expected after a renewal (a new node certificate, a reinstalled node). If nobody renewed it,
          someone may be intercepting the connection to steal the API token: do not accept it, and check the node first.
        </div>
      ) : (
        <p className="review__text">
          Pinning trusts exactly these certificates from now on; any other certificate is refused before the API token is sent. Compare each fingerprint with the one
          the node shows (in the Proxmox web interface under <em>node → System → Certificates</em>, or <code>pvenode cert info</code> on the node) before accepting.
        </p>
      )}

      {offer.kind === 'entry' ? (
        <div className="review__entry">
          <p className="review__text">
            Certificate presented at <code>{offer.address}</code>:
          </p>
          <code className="fingerprint fingerprint--block" data-testid="presented-fingerprint">
            {offer.fingerprint}
          </code>
          <label className="review__node">
            <span className="field__label">Node that answers at this address</span>
            <select className="input input--compact" value={entryNode} onChange={(event) => setEntryNode(event.target.value)} data-testid="entry-node">
              {offer.pinnedNodes.map((node) => (
                <option key={node} value={node}>
                  {node}
                </option>
              ))}
            </select>
          </label>
          <p className="field__hint">The test stops before it can ask the cluster which node this is. After accepting, test again: other nodes show their own state.</p>
        </div>
      ) : (
        <ul className="review__list">
          {candidates.map((node) => (
            <li key={node.node}>
              <label className="review__item">
                <input type="checkbox" checked={selected.has(node.node)} onChange={(event) => toggle(node.node, event.target.checked)} aria-label={`Accept the certificate of ${node.node}`} />
                <span className="review__node-name">{node.node}</span>
                <span className={`pill ${node.pin === 'changed' ? 'pill--bad' : 'pill--warn'}`}>{node.pin === 'changed' ? 'Changed' : 'New'}</span>
                <code className="fingerprint">{node.fingerprint}</code>
              </label>
            </li>
          ))}
        </ul>
      )}

      {changed && (
        <label className="review__confirm">
          <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} data-testid="confirm-changed" />
          <span>I have checked on the node that this certificate was renewed and this fingerprint is its own.</span>
        </label>
      )}
      <ErrorAlert error={error} testId="accept-error" />
      <div className="review__actions">
        {onSkip && (
          <button type="button" className="btn" onClick={onSkip} disabled={busy}>
            {skipLabel}
          </button>
        )}
        <button type="button" className={`btn ${changed ? 'btn--danger' : 'btn--primary'}`} onClick={accept} disabled={!ready} data-testid="accept-fingerprints">
          {busy ? 'Accepting…' : chosen.length === 1 ? 'Accept fingerprint' : `Accept ${chosen.length} fingerprints`}
        </button>
      </div>
    </section>
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
