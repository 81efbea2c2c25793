'use client';

import { useRef, useState, type ChangeEvent } from 'react';
import type { CsvImportReport } from '@pve-nexus/contracts';
import { toApiError, type ApiError } from '../api/api-error';
import type { NexusApi } from '../api/nexus-api';
import type { TenantOption } from '../tenancy/permissions';
import { Alert, ErrorAlert } from '../ui/alert';
import { Modal } from '../ui/modal';
import { CSV_COLUMN_HINTS, CSV_COLUMNS, CSV_TEMPLATE_HREF } from './csv-template.util';

type Busy = 'reading' | 'checking' | 'importing' | undefined;

export interface CsvImportDialogProps {
  api: NexusApi;
  tenant: TenantOption;
  /** After an import: how many servers were added. */
  onImported: (count: number) => void;
  onClose: () => void;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * Import servers from CSV in two steps: a dry run reports every row (nothing is stored), then the
 * import adds every row or none. Any change to the file discards the report, so what is imported is
 * always what was checked.
 */
export function CsvImportDialog({ api, tenant, onImported, onClose }: CsvImportDialogProps) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [report, setReport] = useState<CsvImportReport>();
  const [imported, setImported] = useState<number>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState<Busy>();
  const fileInput = useRef<HTMLInputElement>(null);

  const change = (text: string, name?: string) => {
    setCsv(text);
    setFileName(name);
    setReport(undefined);
    setError(undefined);
  };

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same (fixed) file again fires again
    if (!file) return;
    setBusy('reading');
    try {
      change(await file.text(), file.name);
    } finally {
      setBusy(undefined);
    }
  };

  const dryRun = async () => {
    setBusy('checking');
    setError(undefined);
    setReport(undefined);
    try {
      setReport(await api.importServersCsv(tenant.id, csv, true));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(undefined);
    }
  };

  const apply = async () => {
    setBusy('importing');
    setError(undefined);
    try {
      const done = await api.importServersCsv(tenant.id, csv, false);
      setImported(done.imported);
      onImported(done.imported);
    } catch (caught) {
      // Someone else may have added a server of the same name since the dry run: show why, check again.
      setError(toApiError(caught));
      setReport(undefined);
    } finally {
      setBusy(undefined);
    }
  };

  if (imported !== undefined) {
    return (
      <Modal
        title="Import servers from CSV"
        onClose={onClose}
        testId="csv-import-dialog"
        footer={
          <>
            <span className="modal__footer-spacer" />
            <button type="button" className="btn btn--primary" onClick={onClose}>
              Done
            </button>
          </>
        }
      >
        <Alert tone="success" title={`Imported ${plural(imported, 'server', 'servers')}`} testId="import-result">
          Their certificate fingerprints are not accepted yet: test each server from its card to accept them.
        </Alert>
      </Modal>
    );
  }

  const canImport = report !== undefined && report.invalid === 0 && report.valid > 0 && !busy;
  const problemRows = report?.problems.flatMap((row) => row.errors.map((problem, index) => ({ row, problem, first: index === 0, span: row.errors.length }))) ?? [];

  return (
    <Modal
      title="Import servers from CSV"
      description={<>Add many servers to {tenant.name} at once. The file is checked first; nothing is stored until you import.</>}
      size="wide"
      busy={busy === 'importing'}
      onClose={onClose}
      testId="csv-import-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy === 'importing'}>
            Cancel
          </button>
          <span className="modal__footer-spacer" />
          <button type="button" className="btn" onClick={dryRun} disabled={!csv.trim() || busy !== undefined} data-testid="csv-check">
            {busy === 'checking' ? 'Checking…' : report ? 'Check again' : 'Check file'}
          </button>
          <button type="button" className="btn btn--primary" onClick={apply} disabled={!canImport} data-testid="csv-import">
            {busy === 'importing' ? 'Importing…' : `Import ${report && report.invalid === 0 ? plural(report.valid, 'server', 'servers') : 'servers'}`}
          </button>
        </>
      }
    >
      <div className="import-source">
        <div className="import-source__file">
          <input ref={fileInput} type="file" accept=".csv,text/csv" className="visually-hidden" onChange={choose} data-testid="csv-file" aria-label="CSV file" tabIndex={-1} />
          <button type="button" className="btn" onClick={() => fileInput.current?.click()} disabled={busy !== undefined}>
            Choose file…
          </button>
          <span className="muted small" data-testid="csv-file-name">
            {fileName ?? 'or paste the rows below'}
          </span>
        </div>
        <a className="btn btn--link" href={CSV_TEMPLATE_HREF} download="pve-nexus-servers-template.csv" data-testid="csv-template">
          Download template
        </a>
      </div>
      <label className="field">
        <span className="field__label">CSV content</span>
        <textarea
          className="input input--mono csv-text"
          rows={7}
          spellCheck={false}
          wrap="off"
          placeholder={`${CSV_COLUMNS.join(',')}\nProduction,pve1.company.com,8006,user@realm!token=uuid,true,true,pve.tailnet.ts.net,8006`}
          value={csv}
          onChange={(event) => change(event.target.value, fileName)}
          data-testid="csv-text"
        />
      </label>
      <details className="csv-columns">
        <summary>Columns</summary>
        <dl className="kv">
          {CSV_COLUMNS.map((column) => (
            <div key={column} className="kv__row">
              <dt>
                <code>{column}</code>
              </dt>
              <dd>{CSV_COLUMN_HINTS[column]}</dd>
            </div>
          ))}
        </dl>
      </details>

      <ErrorAlert error={error} testId="csv-error" />

      {report && (
        <section className="import-report" aria-label="Check result" data-testid="csv-report" data-invalid={report.invalid}>
          <dl className="import-stats">
            <div>
              <dt>Rows</dt>
              <dd data-testid="csv-rows">{report.rows}</dd>
            </div>
            <div className="import-stats--ok">
              <dt>Valid</dt>
              <dd data-testid="csv-valid">{report.valid}</dd>
            </div>
            <div className={report.invalid > 0 ? 'import-stats--bad' : undefined}>
              <dt>Invalid</dt>
              <dd data-testid="csv-invalid">{report.invalid}</dd>
            </div>
          </dl>
          {report.invalid === 0 ? (
            report.rows === 0 ? (
              <Alert tone="warning">The file has a header but no rows.</Alert>
            ) : (
              <Alert tone="success" testId="csv-ready">
                Every row is valid: {plural(report.valid, 'server is', 'servers are')} ready to import.
              </Alert>
            )
          ) : (
            <>
              <Alert tone="error" testId="csv-invalid-message">
                {plural(report.invalid, 'row has', 'rows have')} problems. Nothing is imported until every row is valid: fix the file and check it again.
              </Alert>
              <div className="table-wrap import-problems">
                <table className="table table--compact" aria-label="Problems by line">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Server</th>
                      <th scope="col">Column</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {problemRows.map(({ row, problem, first, span }) => (
                      <tr key={`${row.line}:${problem.column}:${problem.message}`} data-testid="csv-problem" data-line={row.line} data-column={problem.column}>
                        {first && (
                          <>
                            <td rowSpan={span} className="numeric strong">
                              {row.line}
                            </td>
                            <td rowSpan={span}>{row.name ?? <span className="muted">—</span>}</td>
                          </>
                        )}
                        <td>
                          <code>{problem.column}</code>
                        </td>
                        <td>{sentence(problem.message)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="muted small">Line numbers count the header as line 1, as a spreadsheet does.</p>
              {report.invalid > report.problems.length && (
                <p className="muted small">The first {report.problems.length} of {report.invalid} rows with problems are listed.</p>
              )}
            </>
          )}
        </section>
      )}
    </Modal>
  );
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
