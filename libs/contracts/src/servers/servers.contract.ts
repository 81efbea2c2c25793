import { z } from 'zod';
import { lineText } from '../text/safe-text.js';
import { defineRpc } from '../rpc/rpc-contract.js';
import { AcceptFingerprintsBody, ApiToken, CreateServerBody, Port, TlsTrust, UpdateServerBody } from './server.inputs.js';
import { ConnectionTestResult, NodePin, ServerView } from './server.views.js';
import { EgressPolicy } from './egress-policy.contract.js';

const Uuid = z.uuid();

/**
 * Everything the executor needs to reach one server, with its token in clear: it only crosses the
 * bus from inventory (which audits each decryption) to the executor, never to a client.
 */
export const ServerConnection = z.object({
  serverId: Uuid.optional(),
  host: z.string(),
  port: Port,
  apiToken: ApiToken,
  tlsTrust: TlsTrust,
  connectTimeoutMs: z.number().int(),
  useTailscale: z.boolean(),
  tailscaleHostname: z.string().nullable(),
  tailscalePort: Port,
  pins: z.array(NodePin),
  /** The installation's egress policy, checked again on the addresses a name resolves to when dialling. */
  egress: EgressPolicy.optional(),
});
export type ServerConnection = z.infer<typeof ServerConnection>;

/**
 * `GET .../servers?limit=&cursor=`: by name; `cursor` is the `nextCursor` of the previous page. A
 * tenant may have up to 10,000 servers, more than one bus message holds.
 */
export const ServerListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: lineText(100).optional(),
});

/** The largest compressed CSV the bus carries (base64 characters); the gateway answers 413 over it. */
export const MAX_CSV_GZIP_BASE64 = 900_000;

/** CSV import: a dry run reports every row; an apply imports all rows or none. */
export const CsvImportRequest = z.strictObject({
  /** The file, gzip-compressed and base64-encoded: 10,000 rows stay under the bus's message size. */
  csvGzipBase64: z.string().max(MAX_CSV_GZIP_BASE64),
  dryRun: z.boolean(),
});

export const CsvRowReport = z.object({
  /** Line number in the file (the header is line 1). */
  line: z.number().int(),
  name: z.string().nullable(),
  errors: z.array(z.object({ column: z.string(), message: z.string() })),
});
export type CsvRowReport = z.infer<typeof CsvRowReport>;

export const CsvImportReport = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  imported: z.number().int(),
  /** Rows with errors (at most 1,000 listed; `invalid` counts them all). */
  problems: z.array(CsvRowReport),
});
export type CsvImportReport = z.infer<typeof CsvImportReport>;

/** Servers of the request's tenant (inventory) and reaching them (executor). */
export const ServerRpc = {
  list: defineRpc('inventory.server.list', ServerListQuery, z.object({ servers: z.array(ServerView), nextCursor: z.string().nullable() })),
  get: defineRpc('inventory.server.get', z.strictObject({ serverId: Uuid }), z.object({ server: ServerView })),
  create: defineRpc('inventory.server.create', CreateServerBody, z.object({ server: ServerView })),
  update: defineRpc('inventory.server.update', z.strictObject({ serverId: Uuid, changes: UpdateServerBody }), z.object({ server: ServerView })),
  delete: defineRpc('inventory.server.delete', z.strictObject({ serverId: Uuid }), z.object({ deleted: z.literal(true) })),
  acceptFingerprints: defineRpc(
    'inventory.server.accept-fingerprints',
    AcceptFingerprintsBody.extend({ serverId: Uuid }),
    z.object({ server: ServerView }),
  ),
  importCsv: defineRpc('inventory.server.import', CsvImportRequest, CsvImportReport),
  exportCsv: defineRpc('inventory.server.export', z.strictObject({}), z.object({ csv: z.string() })),
  /** For the executor: a stored server with its decrypted token (each call is audited). */
  connection: defineRpc('inventory.server.connection', z.strictObject({ serverId: Uuid, purpose: lineText(64) }), ServerConnection),
  /** Test a stored server, or an unsaved one (test-before-save). */
  test: defineRpc(
    'executor.server.test',
    z.union([z.strictObject({ serverId: Uuid }), z.strictObject({ connection: ServerConnection })]),
    ConnectionTestResult,
  ),
} as const;
