'use client';

import { useState } from 'react';
import type { AuditVerifyReport } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import type { NexusApi } from '../api/nexus-api';
import { Alert, ErrorAlert } from '../ui/alert';
import { plural } from '../status/format.util';

const EXPLANATION: Record<AuditVerifyReport['problems'][number]['problem'], string> = {
  'hash-mismatch': 'content changed after it was written',
  'broken-link': 'does not link to the entry before it',
  'missing-entry': 'entry deleted',
};

/** Recomputes every audit chain on the server and shows whether any entry was changed or removed. */
export function VerifyChain({ api }: { api: NexusApi }) {
  const [report, setReport] = useState<AuditVerifyReport>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      setReport(await api.verifyAudit());
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="verify">
      <button type="button" className="btn" onClick={verify} disabled={busy} data-testid="verify-chain">
        {busy ? 'Verifying…' : 'Verify chain'}
      </button>
      <div className="verify__result" aria-live="polite">
        <ErrorAlert error={error} testId="verify-error" />
        {report && (
          <div data-testid="verify-report" data-ok={report.ok}>
            {report.ok ? (
              <Alert tone="success" title="Every audit chain is intact.">
                {plural(report.chainsChecked, 'chain', 'chains')} and {plural(report.entriesChecked, 'entry', 'entries')} checked; no entry was changed or removed.
              </Alert>
            ) : (
              <Alert tone="error" title={`Tampering detected: ${plural(report.problems.length, 'problem', 'problems')}.`}>
                <p className="notice__text">
                  {plural(report.chainsChecked, 'chain', 'chains')} and {plural(report.entriesChecked, 'entry', 'entries')} checked.
                </p>
                <table className="table table--compact">
                  <thead>
                    <tr>
                      <th scope="col">Chain</th>
                      <th scope="col">Seq</th>
                      <th scope="col">Entry</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.problems.map((problem) => (
                      <tr key={`${problem.chain}:${problem.seq}`}>
                        <td className="mono">{problem.chain}</td>
                        <td className="mono">{problem.seq}</td>
                        <td className="mono">{problem.entryId ?? '(missing)'}</td>
                        <td>{EXPLANATION[problem.problem]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Alert>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
