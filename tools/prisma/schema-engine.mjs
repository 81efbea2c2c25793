#!/usr/bin/env node
/**
 * Stand-in for Prisma's native `schema-engine` binary, PostgreSQL only.
 *
 * Why: every Prisma 7 CLI command first downloads the native schema-engine
 * from Prisma's CDN, which this project's machines cannot reach. The CLI skips
 * the download when PRISMA_SCHEMA_ENGINE_BINARY names an existing file, and
 * then talks to that file exactly as to the binary. This file speaks the
 * binary's protocol but runs the official wasm build of the same engine
 * (@prisma/schema-engine-wasm) over @prisma/adapter-pg.
 * tools/prisma/run-prisma.mjs points the CLI here.
 *
 * The interface, as prisma@7.10.1's CLI uses it (build/cli.js):
 *   schema-engine --version
 *   schema-engine [--datamodels FILE]... [--datasource JSON] [--enabled-preview-features A,B] [--extension-types JSON]
 *       JSON-RPC 2.0 server: one JSON message per line on stdin/stdout,
 *       logs as JSON lines on stderr. The CLI stops it by closing stdin.
 *   schema-engine --datasource '{"url":"..."}' cli can-connect-to-database|create-database
 *       One shot: exit 0 on success; else exit 1 with JSON log lines on
 *       stderr, the failing one being
 *       {"level":"ERROR","target":"schema_engine::logger","fields":{"error_code":"P1003","message":"..."}}
 *       (the CLI drops stderr's first line and parses every other line as JSON).
 * --datasource is the `datasource` block of prisma.config.ts: {url, shadowDatabaseUrl?}.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);
// The very `pg` that @prisma/adapter-pg loads, so the patch below reaches it.
const pg = createRequire(require.resolve('@prisma/adapter-pg'))('pg');

// adapter-pg refuses result columns whose type it does not know, and the
// engine's catalog queries return Postgres' internal `"char"` type (oid 18,
// e.g. pg_class.relkind); prisma/orm#27403. Such a value is a one-character
// string, so relabel the column as text (oid 25) before pg picks a parser and
// before the adapter looks at the type. (Oid 19, `name`, is handled by
// adapter-pg 7.10 itself; relabel it too, in case of an older adapter.)
const TEXT_OID = 25;
const addFields = pg.Result.prototype.addFields;
pg.Result.prototype.addFields = function (fields) {
  for (const field of fields) if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = TEXT_OID;
  return addFields.call(this, fields);
};

/** Same argv as the native binary; unknown flags are ignored. */
function parseArgs(argv) {
  const args = { datamodels: [], datasource: {}, cli: null, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--datamodels') args.datamodels.push(argv[++i]);
    else if (arg === '--datasource') args.datasource = JSON.parse(argv[++i]);
    else if (arg === '--enabled-preview-features' || arg === '--extension-types') i++; // the wasm engine takes neither
    else if (arg === '--version' || arg === '-V') args.version = true;
    else if (arg === 'cli') args.cli = argv[++i];
  }
  return args;
}

/** A JSON log line on stderr, in the native engine's format, which the CLI parses. */
function log(level, fields, target = 'schema_engine::logger') {
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target })}\n`);
}

// The engine's panic hook hands the Rust panic message to this global (Prisma's CLI defines
// it too); without it a panic surfaces as a bare "RuntimeError: unreachable".
const panicRegistry = { message: '', set_message(message) { this.message = message; } };
globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

/** Load the engine by hand: importing the package's entry needs wasm ESM imports, which print an ExperimentalWarning. */
async function loadWasmEngine() {
  const bgUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import(bgUrl);
  const bytes = await readFile(new URL('./schema_engine_bg.wasm', bgUrl));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bg;
}

// ---------------------------------------------------------------------------
// Connections

/** The parts of a postgres URL that error messages and admin connections need. */
function describeUrl(url) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || u.searchParams.get('host') || 'localhost',
    port: u.port || '5432',
    user: decodeURIComponent(u.username),
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    schema: u.searchParams.get('schema') ?? undefined,
  };
}

/** The same URL, pointing at another database on the same server. */
function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/** Run SQL on a throwaway pg connection. */
async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Driver-adapter factory the wasm engine connects through.
 * Written here rather than using PrismaPg's own connectToShadowDb, which
 * spreads `{...config, database}` over the pool config: with a connection
 * string, pg lets the string's database win, so the "shadow" pool would be the
 * main database. This one derives the shadow URL instead, and honours an
 * explicit shadowDatabaseUrl as the native engine does.
 */
class PgFactory {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';

  constructor({ url, shadowDatabaseUrl }) {
    this.url = url;
    this.shadowDatabaseUrl = shadowDatabaseUrl;
  }

  async open(url) {
    if (!url) throw new Error('No datasource URL: set `datasource.url` in prisma.config.ts.');
    // `?schema=` is Prisma's, not pg's: the native engine sets the session's search_path to it,
    // so unqualified names in migration scripts land there. Do the same.
    const { schema } = describeUrl(url);
    const config = { connectionString: url, ...(schema && { options: `-c search_path=${quoteIdent(schema)}` }) };
    const adapter = await new PrismaPg(config, { schema }).connect();
    // adapter-pg's executeScript splits the script on every ';', which breaks
    // statements such as function bodies. Postgres runs a multi-statement
    // script in one simple query, which is what the native engine does.
    adapter.executeScript = async (script) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        adapter.onError(error); // throws the adapter's DriverAdapterError
      }
    };
    return adapter;
  }

  connect() {
    return this.open(this.url);
  }

  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      const main = describeUrl(this.url);
      const shadow = describeUrl(this.shadowDatabaseUrl);
      if (main.host === shadow.host && main.port === shadow.port && main.database === shadow.database) {
        throw new Error('The shadow database you configured appears to be the same as the main database. Please specify another shadow database.');
      }
      // A configured shadow database is reused, so empty it first (drop every user schema), like the native engine.
      await withClient(this.shadowDatabaseUrl, (client) =>
        client.query(`DO $$ DECLARE s name; BEGIN
          FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
            EXECUTE format('DROP SCHEMA %I CASCADE', s);
          END LOOP;
          CREATE SCHEMA IF NOT EXISTS public;
        END $$`),
      );
      return this.open(this.shadowDatabaseUrl);
    }
    // Default: a temporary database on the main server, dropped when the engine is done with it.
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await withClient(this.url, (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
    const adapter = await this.open(withDatabase(this.url, database));
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await withClient(this.url, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`));
    };
    return adapter;
  }
}

// ---------------------------------------------------------------------------
// One-shot mode: `cli can-connect-to-database|create-database`

/** Map a pg connection error to the native engine's user-facing error. */
function connectionError(error, url) {
  const { host, port, user, database } = describeUrl(url);
  switch (error.code) {
    case '3D000':
      return { error_code: 'P1003', message: `Database \`${database}\` does not exist on the database server at \`${host}:${port}\`.` };
    case '28P01':
    case '28000':
      return {
        error_code: 'P1000',
        message: `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
      };
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return { error_code: 'P1001', message: `Can't reach database server at \`${host}:${port}\`\n\nPlease make sure your database server is running at \`${host}:${port}\`.` };
    default:
      return { error_code: 'P1000', message: error.message };
  }
}

async function createDatabase(url) {
  const { database } = describeUrl(url);
  // Like the native engine: connect to the `postgres` maintenance database to create the target one.
  await withClient(withDatabase(url, 'postgres'), (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
  return database;
}

async function runCli(command, url) {
  log('INFO', { message: `Starting schema engine CLI (wasm shim), command ${command}` }, 'schema_engine');
  try {
    if (!url) throw new Error('The datasource URL is missing.');
    if (command === 'can-connect-to-database') await withClient(url, () => {});
    else if (command === 'create-database') await createDatabase(url);
    else throw new Error(`Unknown cli command: ${command}`);
    return 0;
  } catch (error) {
    log('ERROR', connectionError(error, url ?? 'postgresql://localhost'));
    return 1;
  }
}

// ---------------------------------------------------------------------------
// JSON-RPC mode

function send(message) {
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

/**
 * The native engine's JSON-RPC error shape; the CLI reads `data`.
 * A JS exception inside the adapter reaches the engine only as "External error id#N",
 * an index into the factory's error registry: put the original message back.
 * Wasm error messages end with a Rust span trace ("   0: crate::fn ... at file.rs:N")
 * that the native engine's do not have: move it out of the message the CLI prints.
 */
function toRpcError(error, errorRegistry) {
  const text = String(error?.message ?? error).replace(
    /External error id#(\d+)/g,
    (match, id) => errorRegistry.consumeError(Number(id))?.error?.message ?? match,
  );
  const [message, trace] = text.split(/\n(?=\s+0: )/);
  const data = error instanceof WebAssembly.RuntimeError
    ? { is_panic: true, message: panicRegistry.message || message, backtrace: error.stack }
    : { is_panic: false, message, backtrace: trace ?? null, meta: error?.meta ?? null, error_code: error?.code ?? null };
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

async function serve(args) {
  const factory = bindMigrationAwareSqlAdapterFactory(new PgFactory(args.datasource));
  // The wasm engine connects (and queries the server version) as it starts. If that fails, stay up
  // and answer each request with the error: the CLI reports an RPC error, whereas an engine that
  // exits while a request is pending makes the CLI end silently with status 0.
  const starting = (async () => {
    const wasm = await loadWasmEngine();
    const datamodels = await Promise.all(args.datamodels.map(async (file) => [file, await readFile(file, 'utf8')]));
    return wasm.SchemaEngine.new(
      { datamodels: datamodels.length > 0 ? datamodels : undefined },
      (line) => process.stderr.write(`${line}\n`), // engine logs: JSON lines, which the CLI collects
      factory,
    );
  })();
  starting.catch(() => {}); // reported per request, below
  let engine;
  let nextPrintId = 1;

  // Of the wasm engine's methods, only devDiagnostic and diagnoseMigrationHistory are handed the
  // adapter factory, i.e. can build a shadow database; they cache "the schema the applied migrations
  // produce", and evaluateDataLoss / createMigration only read that cache, keyed by migration list.
  // When `migrate dev` has just applied pending migrations the key changed, the cache misses and the
  // engine fails with "PostgreSQL shadow DB must be provided through an external factory" (the native
  // engine would make its own shadow database). Diagnosing again, now that those migrations are
  // applied, fills the cache for the full list; then retry once.
  const withShadowCache = (method) => async (params) => {
    try {
      return await engine[method](params);
    } catch (error) {
      if (!/shadow DB must be provided through an external factory/.test(error?.message)) throw error;
      await engine.diagnoseMigrationHistory({ migrationsList: params.migrationsList, optInToShadowDatabase: true, filters: params.filters });
      return engine[method](params);
    }
  };

  // RPC methods the wasm engine lacks, names differently, or needs help with.
  const methods = {
    evaluateDataLoss: withShadowCache('evaluateDataLoss'),
    createMigration: withShadowCache('createMigration'),
    // The wasm engine ignores this method's params anyway, and cannot parse every form the CLI sends.
    getDatabaseVersion: () => engine.version(),
    createDatabase: async () => ({ databaseName: await createDatabase(args.datasource.url) }),
    // The native engine sends the diff text to the CLI as a `print` request; the wasm one returns it.
    diff: async (params) => {
      const { stdout, ...result } = await engine.diff(params);
      if (stdout) send({ id: `print-${nextPrintId++}`, method: 'print', params: { content: stdout } });
      return result;
    },
  };

  const call = async (method, params) => {
    engine = await starting;
    if (Object.hasOwn(methods, method)) return methods[method](params);
    if (/^[a-z]/.test(method) && !['free', 'constructor'].includes(method) && typeof engine[method] === 'function') {
      return engine[method](params); // same name and params as the native engine's RPC method
    }
    throw new Error(`Method not supported by the wasm schema engine shim: ${method}`);
  };

  // Answer one request; `inFlight.reply` settles it, whichever way it ends.
  let inFlight;
  const handle = ({ id, method, params }) =>
    new Promise((settle) => {
      const reply = (message) => {
        if (inFlight?.id !== id) return;
        inFlight = undefined;
        send({ id, ...message });
        settle();
      };
      inFlight = { id, reply };
      call(method, params).then(
        (result) => reply({ result: result ?? null }),
        (error) => reply({ error: toRpcError(error, factory.errorRegistry) }),
      );
    });

  // Some engine failures (e.g. params it cannot deserialize) are thrown from inside a wasm
  // callback, out of reach of any await. Answer the request in flight with them rather than
  // dying: if the engine exits while a request is pending, the CLI ends silently with status 0.
  process.on('uncaughtException', (error) => {
    log('ERROR', { message: String(error?.stack ?? error) });
    if (!inFlight) process.exit(1);
    inFlight.reply({ error: toRpcError(error, factory.errorRegistry) });
  });

  // One request at a time, in order, as the CLI sends them.
  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line);
    if (message.method === undefined) return; // the CLI's reply to one of our `print` requests
    queue = queue.then(() => handle(message));
  });
  // Closing stdin is the CLI's stop signal.
  lines.on('close', () => queue.then(() => process.exit(0)));
}

const args = parseArgs(process.argv.slice(2));
if (args.version) {
  const { version } = await loadWasmEngine();
  process.stdout.write(`schema-engine-cli ${version()} (wasm)\n`);
} else if (args.cli) {
  process.exitCode = await runCli(args.cli, args.datasource.url);
} else {
  await serve(args);
}
