import { Injectable } from '@nestjs/common';
import { gunzipSync } from 'node:zlib';
import { CreateServerBody, NexusError, type CsvImportReport, type CsvRowReport, type RequestMeta, type RpcRequestData, type ServerRpc } from '@pve-nexus/contracts';
import { authorize } from '@pve-nexus/authz';
import { AuditWriter } from '../audit/audit.writer.js';
import { UnitOfWork } from '../db/unit-of-work.repository.js';
import { requireTenant } from '@pve-nexus/messaging';
import { CsvSyntaxError, formatCsvRow, parseCsv, unescapeCsvCell, type CsvRecord } from './csv.util.js';
import { COLUMN_OF_FIELD, CSV_COLUMNS, parseCsvBoolean, REQUIRED_COLUMNS, tlsTrustOf, type CsvColumn } from './server-csv.columns.js';
import { EgressPolicyService } from './egress-policy.service.js';
import { ServerRepository } from './server.repository.js';
import { ServerService } from './server.service.js';

type ServerInput = RpcRequestData<typeof ServerRpc.create>;
interface CheckedRow extends CsvRowReport {
  input?: ServerInput;
}

const MAX_CSV_BYTES = 10 * 1024 * 1024;
const MAX_LISTED_PROBLEMS = 1_000;

/** CSV import (a dry run that reports every row, then an apply of all rows or none) and export. */
@Injectable()
export class ServerCsvService {
  constructor(
    private readonly servers: ServerRepository,
    private readonly serverService: ServerService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditWriter,
    private readonly egress: EgressPolicyService,
  ) {}

  async import(request: RpcRequestData<typeof ServerRpc.importCsv>, meta: RequestMeta): Promise<CsvImportReport> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.write', { tenantId });
    const records = this.read(request.csvGzipBase64);
    const rows = this.check(records);

    return this.uow.run(async (tx) => {
      // The apply locks the quota first, so checks and inserts see the same tenant state.
      const usage = request.dryRun ? await this.servers.lockQuota(tx, tenantId) : await this.serverService.ensureRoom(tx, tenantId, 0);
      const existing = await this.servers.names(tx, tenantId);
      let room = usage.quota - usage.used;
      const egress = await this.egress.current(tx);
      for (const row of rows) {
        if (!row.input) continue;
        const target = { ...row.input, tailscaleHostname: row.input.tailscaleHostname ?? null };
        for (const problem of this.egress.problems(egress, target)) row.errors.push({ column: COLUMN_OF_FIELD[problem.path] ?? 'host', message: problem.message });
        if (existing.has(row.input.name.toLowerCase())) row.errors.push({ column: 'name', message: 'a server with this name exists' });
        else if (room <= 0) row.errors.push({ column: 'name', message: `over the tenant's quota of ${usage.quota} servers` });
        else room -= 1;
      }
      const problems = rows.filter((row) => row.errors.length > 0);
      const report: CsvImportReport = {
        dryRun: request.dryRun,
        rows: rows.length,
        valid: rows.length - problems.length,
        invalid: problems.length,
        imported: 0,
        problems: problems.slice(0, MAX_LISTED_PROBLEMS).map(({ line, name, errors }) => ({ line, name, errors })),
      };
      if (request.dryRun) return report;
      if (problems.length > 0) {
        throw new NexusError(
          'VALIDATION',
          `${problems.length} of ${rows.length} rows have errors; nothing was imported`,
          report.problems.flatMap((row) => row.errors.map((error) => ({ path: `line ${row.line}.${error.column}`, message: error.message }))),
        );
      }
      const prepared = rows.map((row) => this.serverService.prepare(row.input!));
      await this.servers.create(tx, tenantId, prepared);
      await this.audit.append(
        { tenantId, actor: meta.actor, action: 'server.import', outcome: 'success', targetType: 'tenant', targetId: tenantId, requestId: meta.requestId, details: { imported: prepared.length } },
        tx,
      );
      return { ...report, imported: prepared.length };
    }, { timeoutMs: 60_000 });
  }

  /** The seed's columns; the token column stays empty: tokens are write-only. */
  async export(meta: RequestMeta): Promise<{ csv: string }> {
    const tenantId = requireTenant(meta);
    authorize(meta.actor, 'server.read', { tenantId });
    const lines = (await this.servers.list(tenantId)).map((server) =>
      formatCsvRow([server.name, server.host, server.port, '', server.tlsTrust === 'ca', server.useTailscale, server.tailscaleHostname, server.tailscalePort]),
    );
    return { csv: `${[CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n` };
  }

  private read(csvGzipBase64: string): CsvRecord[] {
    let text: string;
    try {
      text = gunzipSync(Buffer.from(csvGzipBase64, 'base64'), { maxOutputLength: MAX_CSV_BYTES }).toString('utf8');
    } catch {
      throw new NexusError('VALIDATION', 'The file could not be read', [{ path: 'file', message: `not gzip-compressed CSV, or larger than ${MAX_CSV_BYTES / 1024 / 1024} MiB` }]);
    }
    try {
      return parseCsv(text);
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw new NexusError('VALIDATION', 'The file is not valid CSV', [{ path: `line ${error.line}`, message: error.message }]);
      throw error;
    }
  }

  /** Every row against the server contract, plus duplicates inside the file. */
  private check(records: CsvRecord[]): CheckedRow[] {
    const [header, ...body] = records;
    if (!header) throw new NexusError('VALIDATION', 'The file is empty', [{ path: 'line 1', message: 'a header row is required' }]);
    const columns = header.fields.map((field) => field.trim().toLowerCase());
    const unknown = columns.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
    const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
    if (unknown.length > 0 || missing.length > 0) {
      throw new NexusError('VALIDATION', 'The header row does not match', [
        ...unknown.map((column) => ({ path: 'line 1', message: `unknown column "${column}" (expected ${CSV_COLUMNS.join(', ')})` })),
        ...missing.map((column) => ({ path: 'line 1', message: `missing column "${column}"` })),
      ]);
    }
    const firstLineOfName = new Map<string, number>();
    return body.map((record): CheckedRow => {
      const value = (column: CsvColumn) => unescapeCsvCell(record.fields[columns.indexOf(column)]?.trim() ?? '');
      const name = value('name') || null;
      const errors: CsvRowReport['errors'] = [];
      if (record.fields.length !== columns.length) {
        errors.push({ column: '(row)', message: `expected ${columns.length} fields, found ${record.fields.length}` });
        return { line: record.line, name, errors };
      }
      const booleans = (['verify_ssl', 'use_tailscale'] as const).map((column) => {
        const parsed = parseCsvBoolean(value(column));
        if (parsed === 'invalid') errors.push({ column, message: 'not a boolean (true/false, yes/no, 1/0)' });
        return parsed === 'invalid' ? undefined : parsed;
      });
      const candidate = {
        name: value('name'),
        host: value('host'),
        apiToken: value('api_token'),
        ...(value('port') ? { port: value('port') } : {}),
        ...(tlsTrustOf(booleans[0]) ? { tlsTrust: tlsTrustOf(booleans[0]) } : {}),
        ...(booleans[1] !== undefined ? { useTailscale: booleans[1] } : {}),
        ...(value('tailscale_hostname') ? { tailscaleHostname: value('tailscale_hostname') } : {}),
        ...(value('tailscale_port') ? { tailscalePort: value('tailscale_port') } : {}),
      };
      const parsed = CreateServerBody.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) errors.push({ column: COLUMN_OF_FIELD[String(issue.path[0])] ?? '(row)', message: issue.message });
      }
      if (name) {
        const first = firstLineOfName.get(name.toLowerCase());
        if (first !== undefined) errors.push({ column: 'name', message: `duplicate of line ${first}` });
        else firstLineOfName.set(name.toLowerCase(), record.line);
      }
      return { line: record.line, name, errors, ...(errors.length === 0 && parsed.success ? { input: parsed.data } : {}) };
    });
  }
}
