/**
 * The package's migrator: applies migrations/committed/*.sql (authored with
 * graphile-migrate) to a user's database, recording each one in the ledger
 * table `<schema>.migrations` (and whether it is a breaking change in
 * `<schema>.migration_markers`). All pending migrations apply in one
 * transaction under an advisory lock, so concurrent callers are safe and a
 * failure leaves nothing half-done.
 *
 * It trusts nothing in the schema it did not create: a schema owned by
 * another role, or holding objects another role owns, is refused before
 * anything in it is read. A schema newer than this package (migrations it
 * does not know) is accepted with a warning unless one of them is marked
 * `--! BreakingChange`; then it is refused.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Pool, PoolClient } from "pg";
import { consoleLogger } from "./logger";
import { adoptUpstreamSchema, type AdoptionReport } from "./adopt";
import { DEFAULT_SCHEMA, quoteSchema, withSchema } from "./schema-name";

export interface Migration {
  /** 1, 2, 3, ...: the number of the committed file. */
  id: number;
  /** The file name, such as `000001-foundation.sql`. */
  name: string;
  /** graphile-migrate's hash of the migration, from its header. */
  hash: string;
  /** The file carries `--! BreakingChange`: packages that do not know this migration must not use a schema that has it. */
  breaking: boolean;
  /** The SQL, with the schema placeholder still in it. */
  body: string;
}

/** A schema with migrations this package does not know. */
export interface NewerSchema {
  /** Their names, oldest first. */
  names: string[];
  /** Whether any of them is a breaking change (migrate() then refuses the schema). */
  breaking: boolean;
}

export interface MigrateResult {
  /** The migrations this call applied (none when the schema was up to date). */
  applied: Migration[];
  /** The id of the newest migration now in the database. */
  version: number;
  /** The migrations in the database this package does not know (none breaking), or null. */
  newer: NewerSchema | null;
  /** Set when this call converted a graphile-worker schema (src/adopt.ts). */
  adopted?: AdoptionReport;
}

export interface MigrateOptions {
  schema?: string;
  /** Called with progress lines ("applying 000002-worker-protocol.sql"). */
  log?: (message: string) => void;
  /** Called when the schema is newer than this package but none of the newer migrations is breaking (default: logged as a warning to stderr). */
  warn?: (message: string) => void;
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

/** The headers a committed migration may carry (graphile-migrate writes the first three). */
const HEADERS = ["Previous", "Hash", "Message", "BreakingChange"];

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
    migrations.push({ id, name, hash, breaking: "BreakingChange" in headers, body });
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
    const [, key, value] = match;
    if (!HEADERS.includes(key)) {
      throw new MigrationError(`migration ${name} has an unknown header --! ${key} (known: ${HEADERS.join(", ")})`);
    }
    if (key === "BreakingChange" && value !== undefined) {
      throw new MigrationError(`migration ${name}: the header --! BreakingChange takes no value`);
    }
    headers[key] = (value ?? "").trim();
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

/** The id of the migration that creates the markers table (later ones are recorded there as they are applied). */
function markersFrom(migrations: Migration[]): number {
  const creator = migrations.find((m) => /\bcreate table :GRAPHILE_WORKER_SCHEMA\.migration_markers\b/.test(m.body));
  return creator?.id ?? Infinity;
}

/**
 * The decision for a schema with migrations this package does not know:
 * keep running when none is a breaking change, refuse when one is. A
 * migration whose marker is missing (null) is refused as a damaged ledger.
 */
export function judgeNewer(schema: string, unknown: { id: number; name: string; breaking: boolean | null }[]): NewerSchema {
  const names = unknown.map((row) => row.name);
  const unmarked = unknown.find((row) => row.breaking === null);
  if (unmarked) {
    throw new MigrationError(
      `schema ${quoteSchema(schema)}'s ledger has ${unmarked.name}, a migration this package does not know, ` +
        `without a breaking-change marker in ${quoteSchema(schema)}.migration_markers: the ledger ` +
        `was edited by hand; restore the row from a backup, or upgrade the package to the version that ships it`,
    );
  }
  const breaking = unknown.filter((row) => row.breaking).map((row) => row.name);
  if (breaking.length > 0) {
    throw new MigrationError(
      `schema ${quoteSchema(schema)} has migrations this package does not know (${names.join(", ")}), and ` +
        `${breaking.join(", ")} ${breaking.length === 1 ? "is a breaking change" : "are breaking changes"}: ` +
        `this version of the package cannot work with it; upgrade the package (every runner and WorkerUtils) ` +
        `to the version that ships ${breaking[breaking.length - 1]}`,
    );
  }
  return { names, breaking: false };
}

/** The warning for a newer schema that this package may keep using. */
export function newerWarning(schema: string, newer: NewerSchema): string {
  return (
    `schema ${quoteSchema(schema)} has ${newer.names.length === 1 ? "a migration" : "migrations"} this package ` +
    `does not know (${newer.names.join(", ")}); none is a breaking change, so this package keeps working ` +
    `with it. Upgrade the package to use what ${newer.names.length === 1 ? "it adds" : "they add"}.`
  );
}

/**
 * Brings `schema` up to date. Refuses, changing nothing: a schema owned by
 * another role when there is anything to apply; a schema holding objects
 * that its owner does not own, or in which other roles may create objects;
 * a schema this package did not create; a damaged ledger; a schema with a
 * breaking migration this package does not know. A newer schema whose
 * unknown migrations are not breaking is accepted, with a warning.
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
    const found = await inspectSchema(client, schema);
    const state = judgeSchema(schema, found);
    const applied =
      state === "ours" ? await readTable<LedgerRow>(client, schema, found.me, "migrations", "select id, name, hash from %s order by id") : [];
    const { version, unknown } = checkLedger(schema, applied, migrations);

    // A schema newer than this package: its markers decide.
    if (unknown.length > 0) {
      if (!found.ledger?.migration_markers) {
        throw new MigrationError(
          `schema ${quoted}'s ledger has migrations this package does not know (${unknown.map((r) => r.name).join(", ")}) ` +
            `but no table ${quoted}.migration_markers to say whether they are breaking changes: it was dropped; ` +
            `restore it from a backup, or upgrade the package`,
        );
      }
      const markers = await readTable<{ id: number; breaking: boolean }>(
        client, schema, found.me, "migration_markers", "select id, breaking from %s where id > $1", [migrations.length],
      );
      const newer = judgeNewer(
        schema,
        unknown.map((row) => ({ ...row, breaking: markers.find((m) => m.id === row.id)?.breaking ?? null })),
      );
      await client.query("commit");
      (options.warn ?? consoleLogger().warn)(newerWarning(schema, newer));
      return { applied: [], version: unknown[unknown.length - 1].id, newer };
    }

    // Apply what is pending, as the schema's owner (or its creator).
    const pending = migrations.filter((m) => m.id > version);
    if (pending.length > 0) {
      if (state === "missing") await createSchema(client, schema);
      else if (!found.ownedByMe) throw notOwner(schema, found);
      for (const migration of pending) {
        const started = Date.now();
        log(`applying ${migration.name} to schema ${quoted}`);
        await applyMigration(client, schema, migration, version);
        await client.query(`insert into ${quoted}.migrations (id, name, hash) values ($1, $2, $3)`, [
          migration.id,
          migration.name,
          migration.hash,
        ]);
        log(`applied ${migration.name} in ${Date.now() - started} ms`);
      }
      const now = pending[pending.length - 1].id;
      if (now >= markersFrom(migrations)) {
        const recorded = migrations.slice(0, now);
        await client.query(
          `insert into ${quoted}.migration_markers (id, breaking)
           select * from unnest($1::integer[], $2::boolean[]) on conflict (id) do nothing`,
          [recorded.map((m) => m.id), recorded.map((m) => m.breaking)],
        );
      }
    }
    await client.query("commit");
    return { applied: pending, version: Math.max(version, ...pending.map((m) => m.id)), newer: null, ...(adopted && { adopted }) };
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

/** What the catalog says about the schema; nothing in the schema itself is read. */
interface SchemaFacts {
  exists: boolean;
  owner: string | null;
  /** The schema's owner is the role migrating. */
  ownedByMe: boolean;
  me: string;
  /** Objects in the schema owned by another role than the schema's owner, as "function add_job (owned by r)". */
  foreign: string[];
  /** Roles besides the owner that may create objects in the schema. */
  creators: string[];
  /** Triggers on the schema's tables whose function another role owns, or roles besides the owner that may create them. */
  triggers: string[];
  hasObjects: boolean;
  /** The relations named migrations and migration_markers: kind, row-level security, "column type" list. */
  ledger: Record<string, { kind: string; rls: boolean; columns: string }> | null;
  /** The schema holds the queue's jobs table: it was created by this package. */
  looksOurs: boolean;
}

async function inspectSchema(client: PoolClient, schema: string): Promise<SchemaFacts> {
  const {
    rows: [facts],
  } = await client.query<SchemaFacts>(
    `with wanted as (
       select n.oid, n.nspowner, n.nspacl
       from pg_catalog.pg_namespace as n
       where n.nspname = $1
     ),
     objects (kind, name, owner) as (
       select case c.relkind when 'r' then 'table' when 'p' then 'table' when 'v' then 'view'
                when 'm' then 'materialized view' when 'S' then 'sequence' when 'i' then 'index'
                when 'I' then 'index' when 'f' then 'foreign table' else 'relation' end,
              c.relname, c.relowner
         from pg_catalog.pg_class as c, wanted where c.relnamespace = wanted.oid
       union all select 'function', p.proname, p.proowner from pg_catalog.pg_proc as p, wanted where p.pronamespace = wanted.oid
       union all select 'type', t.typname, t.typowner from pg_catalog.pg_type as t, wanted where t.typnamespace = wanted.oid
       union all select 'operator', o.oprname, o.oprowner from pg_catalog.pg_operator as o, wanted where o.oprnamespace = wanted.oid
       union all select 'collation', c.collname, c.collowner from pg_catalog.pg_collation as c, wanted where c.collnamespace = wanted.oid
       union all select 'conversion', c.conname, c.conowner from pg_catalog.pg_conversion as c, wanted where c.connamespace = wanted.oid
       union all select 'operator class', c.opcname, c.opcowner from pg_catalog.pg_opclass as c, wanted where c.opcnamespace = wanted.oid
       union all select 'operator family', f.opfname, f.opfowner from pg_catalog.pg_opfamily as f, wanted where f.opfnamespace = wanted.oid
       union all select 'text search configuration', c.cfgname, c.cfgowner from pg_catalog.pg_ts_config as c, wanted where c.cfgnamespace = wanted.oid
       union all select 'text search dictionary', d.dictname, d.dictowner from pg_catalog.pg_ts_dict as d, wanted where d.dictnamespace = wanted.oid
       union all select 'statistics object', s.stxname, s.stxowner from pg_catalog.pg_statistic_ext as s, wanted where s.stxnamespace = wanted.oid
     )
     select
       exists (select from wanted) as "exists",
       (select pg_catalog.pg_get_userbyid(wanted.nspowner) from wanted) as owner,
       coalesce((select wanted.nspowner = r.oid from wanted, pg_catalog.pg_roles as r where r.rolname = current_user), false) as "ownedByMe",
       current_user::text as me,
       array(
         select pg_catalog.format('%s %I (owned by %s)', objects.kind, objects.name, pg_catalog.pg_get_userbyid(objects.owner))
         from objects, wanted
         where objects.owner <> wanted.nspowner
           -- An object of the queue's own must be the schema owner's. Any
           -- other object (users keep functions of their own in a schema
           -- adopted from graphile-worker) may be a superuser's: that gives
           -- nobody a power they lack.
           and (
             objects.name = any($2::text[])
             or objects.name like any(array(select pg_catalog.replace(n, '_', '\\_') || '\\_%' from pg_catalog.unnest($3::text[]) as n))
             or objects.name = any(array(select '_' || n from pg_catalog.unnest($3::text[]) as n))
             or not exists (select from pg_catalog.pg_roles as r where r.oid = objects.owner and r.rolsuper)
           )
         order by objects.kind, objects.name limit 5
       )::text[] as foreign,
       array(
         select case when acl.grantee = 0 then 'PUBLIC' else pg_catalog.pg_get_userbyid(acl.grantee) end
         from wanted, pg_catalog.aclexplode(wanted.nspacl) as acl
         where acl.privilege_type = 'CREATE' and acl.grantee <> wanted.nspowner
         order by 1
       )::text[] as creators,
       array(
         select pg_catalog.format('trigger %I on %I runs %s (owned by %s)', t.tgname, c.relname, t.tgfoid::regproc, pg_catalog.pg_get_userbyid(p.proowner))
         from wanted
         join pg_catalog.pg_class as c on c.relnamespace = wanted.oid
         join pg_catalog.pg_trigger as t on t.tgrelid = c.oid and not t.tgisinternal
         join pg_catalog.pg_proc as p on p.oid = t.tgfoid
         where p.proowner <> wanted.nspowner
         union all
         select pg_catalog.format('%s may create triggers on %I',
           case when acl.grantee = 0 then 'PUBLIC' else pg_catalog.pg_get_userbyid(acl.grantee) end, c.relname)
         from wanted
         join pg_catalog.pg_class as c on c.relnamespace = wanted.oid
         cross join lateral pg_catalog.aclexplode(c.relacl) as acl
         where acl.privilege_type = 'TRIGGER' and acl.grantee <> c.relowner
         limit 5
       )::text[] as triggers,
       exists (select from objects) as "hasObjects",
       (select pg_catalog.json_object_agg(c.relname, pg_catalog.json_build_object(
                 'kind', c.relkind,
                 'rls', c.relrowsecurity,
                 'columns', (select pg_catalog.string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, null), ',' order by a.attname)
                               from pg_catalog.pg_attribute as a
                              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped)))
          from pg_catalog.pg_class as c, wanted
         where c.relnamespace = wanted.oid and c.relname in ('migrations', 'migration_markers')) as ledger,
       exists (select from pg_catalog.pg_class as c, wanted
                where c.relnamespace = wanted.oid and c.relname = '_private_jobs' and c.relkind = 'r') as "looksOurs"`,
    [schema, ownObjects().names, ownObjects().tables],
  );
  return facts;
}

/** Where the schema's current state lives, one object a file: NNNN_<kind>_<name>.sql. */
const SCHEMA_DIR = join(__dirname, "..", "sql", "schema");
let own: { names: string[]; tables: string[] } | undefined;

/** The names of the objects this package creates (their indexes, sequences and types start with a table's name). */
function ownObjects(): { names: string[]; tables: string[] } {
  if (own) return own;
  const objects = readdirSync(SCHEMA_DIR)
    .map((file) => /^\d{4}_(type|table|view|function)_(\w+)\.sql$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null);
  own = {
    names: objects.map((match) => match[2]),
    tables: objects.filter((match) => match[1] === "table").map((match) => match[2]),
  };
  return own;
}

/** The ledger's tables and their columns ("name type", by name), as this package creates them. */
const LEDGER_TABLES: Record<string, string> = {
  migrations: "applied_at timestamp with time zone,hash text,id integer,name text",
  migration_markers: "breaking boolean,id integer",
};

/**
 * Refuses a schema that cannot be trusted or was not created by this
 * package; says whether it is missing, empty, or has our ledger.
 */
function judgeSchema(schema: string, found: SchemaFacts): "missing" | "empty" | "ours" {
  const quoted = quoteSchema(schema);
  if (!found.exists) return "missing";
  const fix =
    `make one role own the schema and everything in it, and migrate as that role; ` +
    `or, if you did not set the schema up this way, drop it and migrate again`;
  if (found.foreign.length > 0) {
    throw new MigrationError(
      `schema ${quoted} is owned by role ${found.owner} but holds objects other roles own ` +
        `(${found.foreign.join(", ")}): refused, because whoever owns the schema or such an object can change ` +
        `what the queue's functions do; ${fix}`,
    );
  }
  if (found.creators.length > 0) {
    throw new MigrationError(
      `roles other than its owner ${found.owner} may create objects in schema ${quoted} ` +
        `(CREATE is granted to ${found.creators.join(", ")}): refused, because such a role can add objects ` +
        `that change what the queue's functions do; revoke create on schema ${quoted} from ${found.creators.join(", ")}`,
    );
  }
  if (found.triggers.length > 0) {
    throw new MigrationError(
      `schema ${quoted} has tables other roles can run code on (${found.triggers.join(", ")}): refused, ` +
        `because this package creates no triggers; drop them and revoke TRIGGER from those roles`,
    );
  }
  if (!found.hasObjects) return "empty";
  const ledger = found.ledger?.migrations;
  if (!ledger) {
    if (found.looksOurs) {
      throw new MigrationError(
        `schema ${quoted} holds the job queue's tables but no migration ledger (table ${quoted}.migrations is ` +
          `missing): it was dropped or renamed; restore it from a backup, or recreate it as graphile-worker ` +
          `install-sql creates it, with one row (id, name, hash) per migration applied`,
      );
    }
    throw new MigrationError(
      `schema ${quoted} already exists and was not created by this package ` +
        `(it has no migration ledger of ours); choose another schema, or drop this one if it is unused`,
    );
  }
  // Plain tables of the expected columns only: reading them runs no code.
  for (const [table, columns] of Object.entries(LEDGER_TABLES)) {
    const relation = found.ledger?.[table];
    if (relation && (relation.kind !== "r" || relation.rls || relation.columns !== columns)) {
      throw new MigrationError(
        `schema ${quoted} already exists and was not created by this package ` +
          `(${quoted}.${table} is not a ledger table of ours); choose another schema, or drop this one if it is unused`,
      );
    }
  }
  return "ours";
}

function notOwner(schema: string, found: SchemaFacts): MigrationError {
  return new MigrationError(
    `schema ${quoteSchema(schema)} is owned by role ${found.owner}, not by role ${found.me}, which is migrating it: ` +
      `refused, because the owner of a schema can replace what this package installs in it. Migrate as ` +
      `${found.owner} if that role is meant to own the queue; otherwise drop the schema and migrate again, ` +
      `so that ${found.me} creates it`,
  );
}

/** Creates the schema; if another session created it since the catalog was read, refuses. */
async function createSchema(client: PoolClient, schema: string): Promise<void> {
  try {
    await client.query(`create schema ${quoteSchema(schema)}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "42P06" && code !== "23505") throw error;
    throw new MigrationError(
      `schema ${quoteSchema(schema)} was created by another session while this one was about to create it: ` +
        `refused; migrate again to find out who owns it`,
    );
  }
}

/** SQLSTATEs of an object that already exists. */
const ALREADY_EXISTS = new Set(["42P06", "42P07", "42710", "42723", "42701", "23505"]);

/** Applies one migration; "already exists" means the ledger lost rows of migrations that were applied. */
async function applyMigration(client: PoolClient, schema: string, migration: Migration, version: number): Promise<void> {
  try {
    await client.query(withSchema(migration.body, schema));
  } catch (error) {
    if (!ALREADY_EXISTS.has((error as { code?: string }).code ?? "")) throw error;
    throw new MigrationError(
      `schema ${quoteSchema(schema)}'s ledger ${version === 0 ? "is empty" : `ends at migration ${version}`}, but ` +
        `${migration.name} was applied already (PostgreSQL: ${(error as Error).message}): the ledger lost its ` +
        `rows from migration ${migration.id} on; restore them from a backup (id, name and hash, as graphile-worker ` +
        `install-sql writes them) instead of migrating again`,
    );
  }
}

/** Reads a table of the ledger (`%s` in sql is its quoted name); a role that may not read it is told which grant it lacks. */
async function readTable<T extends object>(
  client: PoolClient,
  schema: string,
  me: string,
  table: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const name = `${quoteSchema(schema)}.${table}`;
  try {
    return (await client.query<T>(sql.replace("%s", name), values)).rows;
  } catch (error) {
    if ((error as { code?: string }).code !== "42501") throw error;
    throw new MigrationError(
      `role ${me} may not read ${name}, so it cannot check the schema's migrations: grant it usage on ` +
        `schema ${quoteSchema(schema)} and select on ${name} (see docs/privileges.md), or migrate as the schema's owner`,
    );
  }
}

/**
 * Checks the ledger against the package: rows 1, 2, 3, ... with this
 * package's names and hashes. Returns the newest applied migration known
 * to the package and the rows it does not know (a newer schema).
 */
function checkLedger(
  schema: string,
  applied: LedgerRow[],
  migrations: Migration[],
): { version: number; unknown: LedgerRow[] } {
  const quoted = quoteSchema(schema);
  for (const [index, row] of applied.entries()) {
    if (row.id !== index + 1) {
      const missing = index + 1;
      throw new MigrationError(
        `schema ${quoted}'s ledger has no row for migration ${missing}` +
          `${migrations[missing - 1] ? ` (${migrations[missing - 1].name})` : ""} but has migration ${row.id} ` +
          `(${row.name}): a row was deleted or a row added by hand; restore the ledger from a backup`,
      );
    }
    const ours = migrations[row.id - 1];
    if (!ours) continue;
    if (row.name !== ours.name) {
      throw new MigrationError(
        `schema ${quoted}'s ledger says migration ${row.id} is ${row.name}, but this package's migration ` +
          `${row.id} is ${ours.name}: the ledger was edited, or the schema was migrated by another package`,
      );
    }
    if (row.hash !== ours.hash) {
      throw new MigrationError(
        `migration ${row.name} applied to schema ${quoted} differs from this package's ` +
          `${ours.name} (hash ${row.hash} in the database, ${ours.hash} here); ` +
          `the migration was altered after it was applied, or its ledger row was edited`,
      );
    }
  }
  const unknown = applied.filter((row) => row.id > migrations.length);
  return { version: applied.length - unknown.length, unknown };
}

/**
 * The complete install script for one schema, for psql users:
 * `graphile-worker install-sql --schema app_jobs | psql`. It creates the
 * schema itself, so it fails when the schema exists.
 */
export function installSql(schema: string = DEFAULT_SCHEMA): string {
  const quoted = quoteSchema(schema);
  const migrations = loadMigrations();
  const ledger = migrations
    .map((m) => `  (${m.id}, '${m.name}', '${m.hash}')`)
    .join(",\n");
  return [
    `-- Installs the job queue into schema ${quoted} (migrations 1 to ${migrations.length}).`,
    `-- The schema must not exist yet. Afterwards, migrate() and \`graphile-worker migrate\` continue from here.`,
    "begin;",
    `create schema ${quoted};`,
    // The first migration's `create schema if not exists` would say it exists.
    "set local client_min_messages = warning;",
    ...migrations.map((m) => `-- ${m.name}\n${withSchema(m.body, schema)}`),
    `insert into ${quoted}.migrations (id, name, hash) values\n${ledger};`,
    ...(markersFrom(migrations) <= migrations.length
      ? [
          `insert into ${quoted}.migration_markers (id, breaking) values\n` +
            migrations.map((m) => `  (${m.id}, ${m.breaking})`).join(",\n") +
            ";",
        ]
      : []),
    "commit;",
    "",
  ].join("\n");
}
