/**
 * The package's migrator: applies migrations/committed/*.sql (authored with
 * graphile-migrate) to a user's database, recording each one in the ledger
 * table `<schema>.migrations`. All pending migrations apply in one
 * transaction under an advisory lock, so concurrent callers are safe and a
 * failure leaves nothing half-done.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Pool, PoolClient } from "pg";
import { adoptUpstreamSchema, type AdoptionReport } from "./adopt";
import { DEFAULT_SCHEMA, quoteSchema, withSchema } from "./schema-name";

export interface Migration {
  /** 1, 2, 3, ...: the number of the committed file. */
  id: number;
  /** The file name, such as `000001-foundation.sql`. */
  name: string;
  /** graphile-migrate's hash of the migration, from its header. */
  hash: string;
  /** The SQL, with the schema placeholder still in it. */
  body: string;
}

export interface MigrateResult {
  /** The migrations this call applied (none when the schema was up to date). */
  applied: Migration[];
  /** The id of the newest migration now in the database. */
  version: number;
  /** Set when this call converted a graphile-worker schema (src/adopt.ts). */
  adopted?: AdoptionReport;
}

export interface MigrateOptions {
  schema?: string;
  /** Called with progress lines ("applying 000002-worker-protocol.sql"). */
  log?: (message: string) => void;
  /** Adopting a graphile-worker schema: take over its workers' recent locks (src/adopt.ts). */
  takeOverLocks?: boolean;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

/** Where the committed migrations are, both from src/ and from dist/. */
export const MIGRATIONS_DIR = join(__dirname, "..", "migrations", "committed");

const ADVISORY_LOCK_CLASS = 0x67770001;

let cached: Migration[] | undefined;

/**
 * Reads the committed migrations and checks graphile-migrate's hash chain,
 * so an edited file is refused before it reaches a database.
 */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  if (dir === MIGRATIONS_DIR && cached) return cached;
  const files = readdirSync(dir)
    .filter((f) => /^\d{6}(-[-\w]+)?\.sql$/.test(f))
    .sort();
  const migrations: Migration[] = [];
  let previous: string | null = null;
  for (const [index, name] of files.entries()) {
    const id = Number(name.slice(0, 6));
    if (id !== index + 1) {
      throw new MigrationError(`migration ${name} is out of sequence: expected number ${index + 1}`);
    }
    const { headers, body } = parseCommitted(name, readFileSync(join(dir, name), "utf8"));
    const expectedPrevious = previous ?? "-";
    if (headers.Previous !== expectedPrevious) {
      throw new MigrationError(
        `migration ${name} says its previous hash is ${headers.Previous}, but it is ${expectedPrevious}`,
      );
    }
    const hash = graphileMigrateHash(body, previous);
    if (headers.Hash !== hash) {
      throw new MigrationError(
        `migration ${name} was altered after it was committed: its content hashes to ${hash}, its header says ${headers.Hash}`,
      );
    }
    migrations.push({ id, name, hash, body });
    previous = hash;
  }
  if (dir === MIGRATIONS_DIR) cached = migrations;
  return migrations;
}

function parseCommitted(name: string, text: string): { headers: Record<string, string>; body: string } {
  const lines = text.split("\n");
  const headers: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const match = /^--! ([A-Z][a-zA-Z0-9_]*)(?::(.*))?$/.exec(lines[i]);
    if (!match) break;
    headers[match[1]] = (match[2] ?? "").trim();
  }
  if (!headers.Hash || !headers.Previous || lines[i] !== "") {
    throw new MigrationError(`migration ${name} lacks graphile-migrate's Previous and Hash headers`);
  }
  return { headers, body: lines.slice(i).join("\n").trim() + "\n" };
}

/** graphile-migrate's migration hash: sha1 over the previous hash and the body. */
function graphileMigrateHash(body: string, previous: string | null): string {
  const text = `${((previous ?? "") + "\n" + body.trim()).trim()}\n`;
  return `sha1:${createHash("sha1").update(text).digest("hex")}`;
}

/**
 * Brings `schema` up to date. Refuses, changing nothing, a schema this
 * package did not create, a schema newer than this package, and one whose
 * applied migrations differ from this package's.
 */
export async function migrate(pool: Pool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const quoted = quoteSchema(schema);
  const log = options.log ?? (() => {});
  const migrations = loadMigrations();
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  // Stays attached: a broken connection may emit 'error' again after release.
  client.on("error", onError);
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock($1, hashtext($2))", [ADVISORY_LOCK_CLASS, schema]);
    // Adoption (src/adopt.ts): a graphile-worker 0.16/0.17 schema is converted here, in this
    // transaction, to the current version, so that the ledger below reads as up to date.
    const adopted = await adoptUpstreamSchema(client, schema, { takeOverLocks: options.takeOverLocks, log });
    const applied = await readLedger(client, schema);
    const version = checkLedger(schema, applied, migrations);
    const pending = migrations.filter((m) => m.id > version);
    for (const migration of pending) {
      const started = Date.now();
      log(`applying ${migration.name} to schema ${quoted}`);
      await client.query(withSchema(migration.body, schema));
      await client.query(`insert into ${quoted}.migrations (id, name, hash) values ($1, $2, $3)`, [
        migration.id,
        migration.name,
        migration.hash,
      ]);
      log(`applied ${migration.name} in ${Date.now() - started} ms`);
    }
    await client.query("commit");
    return { applied: pending, version: Math.max(version, ...pending.map((m) => m.id)), ...(adopted && { adopted }) };
  } catch (error) {
    broken ??= error as Error;
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release(broken);
  }
}

interface LedgerRow {
  id: number;
  name: string;
  hash: string;
}

async function readLedger(client: PoolClient, schema: string): Promise<LedgerRow[]> {
  const {
    rows: [state],
  } = await client.query<{ schema_exists: boolean; has_objects: boolean; ledger: string | null }>(
    `select
       n.oid is not null as schema_exists,
       exists (select 1 from pg_class c where c.relnamespace = n.oid)
         or exists (select 1 from pg_proc p where p.pronamespace = n.oid) as has_objects,
       (select string_agg(a.attname, ',' order by a.attname)
          from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         where c.relnamespace = n.oid and c.relname = 'migrations') as ledger
     from (select $1::text as name) as wanted
     left join pg_namespace n on n.nspname = wanted.name`,
    [schema],
  );
  if (!state.schema_exists || (!state.has_objects && state.ledger === null)) return [];
  if (state.ledger !== "applied_at,hash,id,name") {
    throw new MigrationError(
      `schema ${quoteSchema(schema)} already exists and was not created by this package ` +
        `(it has no migration ledger of ours); choose another schema, or drop this one if it is unused`,
    );
  }
  const { rows } = await client.query<LedgerRow>(
    `select id, name, hash from ${quoteSchema(schema)}.migrations order by id`,
  );
  return rows;
}

/** Returns the id of the newest applied migration, after checking the ledger against the package. */
function checkLedger(schema: string, applied: LedgerRow[], migrations: Migration[]): number {
  const latest = migrations.length;
  for (const [index, row] of applied.entries()) {
    if (row.id > latest) {
      throw new MigrationError(
        `schema ${quoteSchema(schema)} is at migration ${applied[applied.length - 1].id}, newer than ` +
          `this package knows (${latest}); upgrade the package before using it with this database`,
      );
    }
    if (row.id !== index + 1) {
      throw new MigrationError(`schema ${quoteSchema(schema)}'s ledger skips migration ${index + 1}`);
    }
    const ours = migrations[row.id - 1];
    if (row.hash !== ours.hash) {
      throw new MigrationError(
        `migration ${row.name} applied to schema ${quoteSchema(schema)} differs from this package's ` +
          `${ours.name} (hash ${row.hash} in the database, ${ours.hash} here); ` +
          `the migration was altered after it was applied`,
      );
    }
  }
  return applied.length;
}

/**
 * The complete install script for one schema, for psql users:
 * `graphile-worker install-sql --schema app_jobs | psql`.
 */
export function installSql(schema: string = DEFAULT_SCHEMA): string {
  const quoted = quoteSchema(schema);
  const migrations = loadMigrations();
  const ledger = migrations
    .map((m) => `  (${m.id}, '${m.name}', '${m.hash}')`)
    .join(",\n");
  return [
    `-- Installs the job queue into schema ${quoted} (migrations 1 to ${migrations.length}).`,
    `-- Afterwards, migrate() and \`graphile-worker migrate\` continue from here.`,
    "begin;",
    ...migrations.map((m) => `-- ${m.name}\n${withSchema(m.body, schema)}`),
    `insert into ${quoted}.migrations (id, name, hash) values\n${ledger};`,
    "commit;",
    "",
  ].join("\n");
}
