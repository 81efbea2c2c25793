'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionTestResult, ServerView } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import type { NexusApi } from '../api/nexus-api';
import type { TenantOption } from '../tenancy/permissions';
import { Alert, ErrorAlert } from '../ui/alert';
import { Modal } from '../ui/modal';
import { ConnectionTestPanel } from './connection-test-panel';
import { fingerprintsToAccept, likelyEntryNode } from './connection-test.util';
import { FingerprintReview, type FingerprintOffer } from './fingerprint-review';

export interface ServerTestDialogProps {
  api: NexusApi;
  tenant: TenantOption;
  server: ServerView;
  canAcceptFingerprints: boolean;
  /** Each finished test, for the card's "last test" line. */
  onTested: (serverId: string, result: ConnectionTestResult) => void;
  /** The server after fingerprints were accepted. */
  onUpdated: (server: ServerView) => void;
  onClose: () => void;
}

/** What may be accepted after a test of a stored server with pinned trust; undefined when nothing. */
function offerOf(server: ServerView, result: ConnectionTestResult): FingerprintOffer | undefined {
  if (server.tlsTrust !== 'pinned') return undefined;
  if (result.ok) return fingerprintsToAccept(result.nodes).length > 0 ? { kind: 'nodes', nodes: result.nodes } : undefined;
  if (result.reason !== 'tls-pin-mismatch' || !result.presentedFingerprint || server.pins.length === 0) return undefined;
  return {
    kind: 'entry',
    fingerprint: result.presentedFingerprint,
    address: `${result.endpoint.host}:${result.endpoint.port}`,
    pinnedNodes: server.pins.map((pin) => pin.node),
    likelyNode: likelyEntryNode(server.endpoint.host, server.pins),
  };
}

/**
 * "Test" on a card: tests the stored server (its token, its pins) and shows the result; new or changed
 * certificates can be accepted here, explicitly, after which the test runs again.
 */
export function ServerTestDialog({ api, tenant, server, canAcceptFingerprints, onTested, onUpdated, onClose }: ServerTestDialogProps) {
  const [current, setCurrent] = useState(server);
  const [result, setResult] = useState<ConnectionTestResult>();
  const [error, setError] = useState<ApiError>();
  const [testing, setTesting] = useState(true);
  const [accepted, setAccepted] = useState<string>();
  const run = useRef(0);
  const tested = useRef(onTested);
  useEffect(() => {
    tested.current = onTested;
  });

  const test = useCallback(async () => {
    const attempt = ++run.current;
    setTesting(true);
    setError(undefined);
    try {
      const answer = await api.testServer(tenant.id, server.id);
      if (attempt !== run.current) return;
      setResult(answer);
      tested.current(server.id, answer);
    } catch (caught) {
      if (attempt === run.current) setError(toApiError(caught));
    } finally {
      if (attempt === run.current) setTesting(false);
    }
  }, [api, tenant.id, server.id]);

  useEffect(() => {
    void test();
    return () => {
      run.current += 1; // a test still running when the dialog closes is ignored
    };
  }, [test]);

  const offer = result && !testing && canAcceptFingerprints ? offerOf(current, result) : undefined;
  const address = `${server.endpoint.host}:${server.endpoint.port}`;

  return (
    <Modal
      title={`Test connection: ${server.name}`}
      description={
        <>
          With the stored API token, at <code>{address}</code>
          {server.endpoint.via === 'tailnet' ? ' via Tailscale' : ''}.
        </>
      }
      size="wide"
      onClose={onClose}
      testId="server-test-dialog"
      footer={
        <>
          <span className="modal__footer-spacer" />
          <button type="button" className="btn" onClick={() => void test()} disabled={testing}>
            {testing ? 'Testing…' : 'Test again'}
          </button>
          <button type="button" className="btn btn--primary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {accepted && <Alert tone="success" testId="accepted-message">{accepted}</Alert>}
      <ErrorAlert error={error} testId="test-error" />
      {testing ? (
        <div className="test-pending" role="status" data-testid="test-pending">
          <span className="spinner" aria-hidden="true" />
          Connecting to {address}…
        </div>
      ) : (
        result && <ConnectionTestPanel result={result} />
      )}
      {offer && (
        <FingerprintReview
          key={`${result?.ok}-${current.updatedAt}`}
          offer={offer}
          onAccept={async (fingerprints) => {
            const { server: updated } = await api.acceptFingerprints(tenant.id, server.id, { fingerprints });
            setCurrent(updated);
            onUpdated(updated);
            setAccepted(`Accepted the certificate of ${fingerprints.map((entry) => entry.node).join(', ')}. Testing again with the new pins…`);
            await test();
            setAccepted(`Accepted the certificate of ${fingerprints.map((entry) => entry.node).join(', ')}.`);
          }}
        />
      )}
      {result && !testing && !result.ok && result.reason === 'tls-pin-mismatch' && !canAcceptFingerprints && (
        <Alert tone="warning">Only a tenant manager can accept a new certificate.</Alert>
      )}
    </Modal>
  );
}
