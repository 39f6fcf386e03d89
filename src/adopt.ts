/**
 * Adopting a graphile-worker database in place.
 *
 * graphile-worker 0.16 and 0.17 (their migrations 1-18, and 19 for 0.17)
 * keep jobs in the same schema as this package, under several of the same
 * names (_private_jobs, _private_job_queues, _private_tasks, the jobs view,
 * job_spec, add_job...), with other table shapes. migrate() calls
 * adoptUpstreamSchema inside its transaction, under its advisory lock, before
 * it reads its ledger: a schema whose ledger is graphile-worker's is
 * converted into this package's current version (and the ledger then reads
 * as up to date); any other schema is left to migrate(). The steps, with
 * their SQL in sql/adopt/:
 *
 *  1. catalog.sql: the shape of upstream's objects, their owner, the user's
 *     objects that depend on what adoption replaces (refused: dropping them
 *     would need CASCADE) or keeps (reported), and the grants to carry over.
 *  2. Lock upstream's tables; survey.sql: jobs by state, queues, tasks,
 *     crontab rows, locks younger than 4 hours (refused while workers hold
 *     them, unless takeOverLocks: take-over.sql unlocks them), rows this
 *     package's tables cannot hold (refused).
 *  3. move-aside.sql: upstream's functions are dropped, its tables moved to
 *     a scratch schema.
 *  4. This package's schema is built from sql/schema (the current state,
 *     which tests prove equal to the committed migrations), keeping the jobs
 *     view (redefined in place: users' views on it keep working) and
 *     job_spec (the same type in both).
 *  5. copy.sql: every row is copied; upstream's tables and the scratch schema
 *     are dropped. The id sequence continues, the ledger records every
 *     migration, and roles keep what they could do.
 *
 * All of it runs as the owner of upstream's tables, so that the converted
 * schema keeps its owner. _private_known_crontabs stays as it is.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Pool, PoolClient } from "pg";
import { loadMigrations, MigrationError } from "./migrate";
import { DEFAULT_SCHEMA, quoteSchema, withSchema } from "./schema-name";

const SQL_DIR = join(__dirname, "..", "sql");

/** The graphile-worker versions adoption converts, by their newest migration. */
const SUPPORTED: ReadonlyMap<number, string> = new Map([
  [18, "0.16"],
  [19, "0.17"],
]);

/** How long adoption waits for other sessions' locks on upstream's tables. */
const LOCK_TIMEOUT = "10s";

export interface AdoptOptions {
  /**
   * Unlock the jobs and named queues that graphile-worker workers locked less
   * than 4 hours ago, so that they run again here (the interrupted attempt
   * counts). Without it, adoption refuses while such locks exist.
   */
  takeOverLocks?: boolean;
  log?: (message: string) => void;
}

export interface AdoptionJobCounts {
  total: number;
  ready: number;
  scheduled: number;
  waiting_for_retry: number;
  locked: number;
  locked_recently: number;
  failed: number;
  in_named_queues: number;
}

export interface AdoptionLock {
  id?: string;
  task_identifier?: string;
  queue_name: string | null;
  locked_at: string;
  locked_by: string | null;
}

/** What adoption finds in (and, done, converted from) a graphile-worker schema. */
export interface AdoptionReport {
  schema: string;
  /** The newest migration in graphile-worker's ledger: 18 for 0.16, 19 for 0.17. */
  upstream_migration: number;
  /** "0.16" or "0.17"; null for a version adoption does not convert. */
  upstream_version: string | null;
  /** The role owning upstream's tables, which owns the converted schema. */
  owner: string | null;
  /** Null when the tables could not be read (see refusals). */
  jobs: AdoptionJobCounts | null;
  queues: {
    total: number;
    locked: number;
    locked_recently: number;
    first: { queue_name: string; jobs: number; locked_at: string | null; locked_by: string | null }[];
  } | null;
  tasks: { total: number; first: { identifier: string; jobs: number }[] } | null;
  /** Rows of _private_known_crontabs, kept as they are. */
  crontabs: number | null;
  /** The id the next job gets. */
  next_job_id: string | null;
  /** Jobs and queues locked less than 4 hours ago, and the workers holding them. */
  recent_locks: { jobs: AdoptionLock[]; queues: AdoptionLock[]; workers: string[] } | null;
  /** With takeOverLocks: the jobs and queues unlocked. */
  taken_over: { jobs: number; queues: number } | null;
  /** The user's objects that depend on what adoption keeps (the jobs view, job_spec, the crontab table). */
  kept: string[];
  /** Grants giving roles on the new objects what they could do with upstream's. */
  grants: string[];
  /** Things to check that do not stop adoption. */
  warnings: string[];
  /** Why migrate would refuse (a dry run lists them; migrate throws them). */
  refusals: string[];
}

/** What migrate would do to a schema, without doing it. */
export interface MigrationPreview {
  schema: string;
  /**
   * install: no schema (or an empty one) yet; update: this package's schema
   * with pending migrations; none: up to date; adopt: graphile-worker's
   * schema, converted in place; refuse: migrate would refuse (see refusals).
   */
  action: "install" | "update" | "none" | "adopt" | "refuse";
  /** This package's migration the schema is at (null: none yet, or not this package's). */
  version: number | null;
  /** The migration migrate brings it to. */
  target: number;
  /** The migrations migrate would apply (adoption builds the current version at once). */
  pending: string[];
  adoption: AdoptionReport | null;
  refusals: string[];
}

type Ledger =
  | { kind: "none" }
  | { kind: "ours" }
  | { kind: "ours, touched by graphile-worker" }
  | { kind: "graphile-worker"; ids: number[] }
  | { kind: "other" };

interface Catalog {
  shape_problems: string[];
  owner: string | null;
  current_user: string;
  can_act_as_owner: boolean | null;
  has_job_spec: boolean;
  blocking: string[];
  kept: string[];
  warnings: string[];
  grants: string[];
}

interface Survey {
  jobs: AdoptionJobCounts;
  queues: NonNullable<AdoptionReport["queues"]>;
  tasks: NonNullable<AdoptionReport["tasks"]>;
  crontabs: number;
  recent_locks: NonNullable<AdoptionReport["recent_locks"]>;
  next_job_id: string;
  problems: string[];
}

function adoptSql(name: string, schema: string, scratch?: string): string {
  const text = withSchema(readFileSync(join(SQL_DIR, "adopt", name), "utf8"), schema);
  return scratch ? text.replace(/:ADOPT_SCRATCH\b/g, () => quoteSchema(scratch)) : text;
}

/**
 * migrate()'s hook, in its transaction: converts a schema graphile-worker
 * 0.16 or 0.17 built into this package's current version and returns what it
 * converted; returns undefined, changing nothing, for any other schema.
 * Throws a MigrationError saying what to do when it cannot adopt.
 */
export async function adoptUpstreamSchema(
  client: PoolClient,
  schema: string,
  options: AdoptOptions = {},
): Promise<AdoptionReport | undefined> {
  const log = options.log ?? (() => {});
  const ledger = await readLedger(client, schema);
  if (ledger.kind === "ours, touched by graphile-worker") {
    // A graphile-worker process started after adoption ran its migrator,
    // which adds a `breaking` column to the ledger before it fails.
    await client.query(`alter table ${quoteSchema(schema)}.migrations drop column breaking`);
    log(`removed the column a graphile-worker process added to schema ${quoteSchema(schema)}'s ledger; stop graphile-worker processes using this database`);
    return undefined;
  }
  if (ledger.kind !== "graphile-worker") return undefined;

  const started = Date.now();
  const { report, catalog, survey } = await inspect(client, schema, ledger.ids, {
    lock: true,
    takeOverLocks: options.takeOverLocks ?? false,
  });
  if (report.refusals.length) throw new MigrationError(refusalMessage(report));
  log(
    `adopting schema ${quoteSchema(schema)} from graphile-worker ${report.upstream_version} ` +
      `(its migration ${report.upstream_migration}): ${describeContents(report)}`,
  );
  for (const warning of report.warnings) log(`warning: ${warning}`);

  // Everything from here runs as the owner of upstream's tables.
  const {
    rows: [role],
  } = await client.query<{ user: string; role: string }>("select current_user::text as user, current_setting('role') as role");
  if (role.user !== catalog!.owner) await client.query("select set_config('role', $1, true)", [catalog!.owner]);

  if (options.takeOverLocks && survey!.jobs.locked_recently + survey!.queues.locked_recently > 0) {
    const {
      rows: [taken],
    } = await client.query<{ jobs: number; queues: number }>(adoptSql("take-over.sql", schema));
    report.taken_over = taken;
    log(`took over ${taken.jobs} job(s) and ${taken.queues} queue(s) locked by ${survey!.recent_locks.workers.join(", ")}`);
  }
  const scratch = `_graphile_worker_adopt_${randomBytes(6).toString("hex")}`;
  await client.query(adoptSql("move-aside.sql", schema, scratch));
  await buildSchema(client, schema, catalog!.has_job_spec);
  await client.query(adoptSql("copy.sql", schema, scratch));
  await client.query("select setval(pg_get_serial_sequence(format('%I._private_jobs', $1::text), 'id'), $2::bigint, false)", [
    schema,
    survey!.next_job_id,
  ]);
  const migrations = loadMigrations();
  await client.query(
    `insert into ${quoteSchema(schema)}.migrations (id, name, hash) select * from unnest($1::int[], $2::text[], $3::text[])`,
    [migrations.map((m) => m.id), migrations.map((m) => m.name), migrations.map((m) => m.hash)],
  );
  await client.query(
    `insert into ${quoteSchema(schema)}.migration_markers (id, breaking) select * from unnest($1::int[], $2::boolean[])`,
    [migrations.map((m) => m.id), migrations.map((m) => m.breaking)],
  );
  for (const grant of catalog!.grants) await client.query(grant);
  // The kept relations (the jobs view, _private_known_crontabs) keep their
  // grants, but not TRIGGER: a role that may put a trigger on them could run
  // code as whoever writes to them. This package creates no triggers.
  const { rows: triggers } = await client.query<{ statement: string }>(
    `select pg_catalog.format('revoke trigger on %I.%I from %s', $1::text, c.relname,
              case when acl.grantee = 0 then 'public' else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(acl.grantee)) end) as statement
       from pg_catalog.pg_class as c, pg_catalog.aclexplode(c.relacl) as acl
      where c.relnamespace = pg_catalog.to_regnamespace(pg_catalog.quote_ident($1::text))
        and acl.privilege_type = 'TRIGGER' and acl.grantee <> c.relowner`,
    [schema],
  );
  for (const { statement } of triggers) {
    await client.query(statement);
    log(`${statement}: this package creates no triggers, and a role that could add one could run code as the queue's owner`);
  }

  if (role.user !== catalog!.owner) await client.query("select set_config('role', $1, true)", [role.role]);
  log(`adopted schema ${quoteSchema(schema)} in ${Date.now() - started} ms`);
  return report;
}

/**
 * What migrate would do to a schema: for a graphile-worker schema, what it
 * would convert, what it keeps, and why it would refuse. Reads in a
 * read-only transaction and changes nothing.
 */
export async function previewMigration(
  pool: Pool,
  options: { schema?: string; takeOverLocks?: boolean } = {},
): Promise<MigrationPreview> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  quoteSchema(schema);
  const migrations = loadMigrations();
  const target = migrations.length;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("begin transaction read only");
    const ledger = await readLedger(client, schema);
    const preview: MigrationPreview = { schema, action: "none", version: null, target, pending: [], adoption: null, refusals: [] };
    switch (ledger.kind) {
      case "none":
        return { ...preview, action: "install", pending: migrations.map((m) => m.name) };
      case "ours":
      case "ours, touched by graphile-worker": {
        const { rows } = await client.query<{ version: number }>(
          `select coalesce(max(id), 0)::int as version from ${quoteSchema(schema)}.migrations`,
        );
        const version = rows[0].version;
        if (version > target) {
          return {
            ...preview,
            action: "refuse",
            version,
            refusals: [`schema ${quoteSchema(schema)} is at migration ${version}, newer than this package knows (${target}); upgrade the package`],
          };
        }
        const pending = migrations.filter((m) => m.id > version).map((m) => m.name);
        return { ...preview, action: pending.length ? "update" : "none", version, pending };
      }
      case "other":
        return {
          ...preview,
          action: "refuse",
          refusals: [
            `schema ${quoteSchema(schema)} already exists and was not created by this package (it has no migration ledger of ours)`,
          ],
        };
      case "graphile-worker": {
        const { report } = await inspect(client, schema, ledger.ids, {
          lock: false,
          takeOverLocks: options.takeOverLocks ?? false,
        });
        return {
          ...preview,
          action: report.refusals.length ? "refuse" : "adopt",
          adoption: report,
          refusals: report.refusals,
        };
      }
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    await client.query("rollback").catch(() => {});
    client.release(broken);
  }
}

/** Whose ledger `<schema>.migrations` is, by its columns. */
async function readLedger(client: PoolClient, schema: string): Promise<Ledger> {
  const {
    rows: [state],
  } = await client.query<{ schema_exists: boolean; has_objects: boolean; ledger: string | null }>(
    `select
       n.oid is not null as schema_exists,
       exists (select 1 from pg_class c where c.relnamespace = n.oid)
         or exists (select 1 from pg_proc p where p.pronamespace = n.oid) as has_objects,
       (select string_agg(a.attname, ',' order by a.attname)
          from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         where c.relnamespace = n.oid and c.relname = 'migrations' and c.relkind = 'r') as ledger
     from (select $1::text as name) as wanted
     left join pg_namespace n on n.nspname = wanted.name`,
    [schema],
  );
  if (!state.schema_exists || (!state.has_objects && state.ledger === null)) return { kind: "none" };
  if (state.ledger === "applied_at,hash,id,name") return { kind: "ours" };
  if (state.ledger === "applied_at,breaking,hash,id,name") return { kind: "ours, touched by graphile-worker" };
  if (state.ledger !== "breaking,id,ts") return { kind: "other" };
  const { rows } = await client.query<{ id: number }>(`select id from ${quoteSchema(schema)}.migrations order by id`);
  // An empty ledger: graphile-worker's install stopped before its first migration.
  if (rows.length === 0) return { kind: "other" };
  return { kind: "graphile-worker", ids: rows.map((r) => r.id) };
}

/**
 * Everything adoption checks, as a report whose refusals say what stops it.
 * With lock, upstream's tables are locked before their rows are read, so
 * that no worker changes them until the transaction ends.
 */
async function inspect(
  client: PoolClient,
  schema: string,
  ids: number[],
  mode: { lock: boolean; takeOverLocks: boolean },
): Promise<{ report: AdoptionReport; catalog?: Catalog; survey?: Survey }> {
  const quoted = quoteSchema(schema);
  const newest = ids[ids.length - 1];
  const report: AdoptionReport = {
    schema,
    upstream_migration: newest,
    upstream_version: SUPPORTED.get(newest) ?? null,
    owner: null,
    jobs: null,
    queues: null,
    tasks: null,
    crontabs: null,
    next_job_id: null,
    recent_locks: null,
    taken_over: null,
    kept: [],
    grants: [],
    warnings: [],
    refusals: [],
  };

  // 1. A version adoption converts, fully migrated.
  const missing = Array.from({ length: newest }, (_, i) => i + 1).filter((id) => !ids.includes(id));
  if (missing.length) {
    report.refusals.push(
      `graphile-worker's ledger lacks its migration(s) ${missing.join(", ")}: graphile-worker's migrator did not build this schema`,
    );
    return { report };
  }
  const supported = [...SUPPORTED.keys()];
  if (newest < Math.min(...supported)) {
    report.refusals.push(
      `graphile-worker's ledger is at its migration ${newest} (graphile-worker 0.15 or older); adoption converts the ` +
        `schemas of graphile-worker 0.16 and 0.17 (migrations ${supported.join(" and ")}): upgrade it first by running ` +
        `graphile-worker 0.16 or 0.17 once (npx graphile-worker@0.17 --schema-only), then migrate again`,
    );
    return { report };
  }
  if (newest > Math.max(...supported)) {
    report.refusals.push(
      `graphile-worker's ledger is at its migration ${newest}, newer than graphile-worker 0.16 and 0.17 ` +
        `(migrations ${supported.join(" and ")}), the versions adoption converts; this package cannot adopt it`,
    );
    return { report };
  }

  // 2. Upstream's objects as expected, an owner we can act as, nothing of
  //    the user's hanging on what adoption replaces.
  const {
    rows: [{ catalog }],
  } = await client.query<{ catalog: Catalog }>(readFileSync(join(SQL_DIR, "adopt", "catalog.sql"), "utf8"), [schema]);
  report.owner = catalog.owner;
  report.kept = catalog.kept;
  report.grants = catalog.grants;
  report.warnings = catalog.warnings;
  for (const problem of catalog.shape_problems) {
    report.refusals.push(`${problem}; adoption converts graphile-worker's objects as its migrations leave them`);
  }
  if (catalog.shape_problems.length) return { report, catalog };
  if (!catalog.can_act_as_owner) {
    // (Nor could it read past the tables' row level security.)
    report.refusals.push(
      `graphile-worker's tables belong to role ${catalog.owner}, and ${catalog.current_user} cannot act as it: ` +
        `run migrate as ${catalog.owner} (or a member of it), so that the converted schema keeps its owner`,
    );
    return { report, catalog };
  }
  if (catalog.blocking.length) {
    report.refusals.push(
      `objects of yours depend on graphile-worker objects that adoption replaces (its private tables change ` +
        `shape; its functions return this package's job type) and would have to be dropped with them: ` +
        `${catalog.blocking.join("; ")}. Make them use ${quoted}.jobs (kept, with the same columns), call ` +
        `${quoted}.add_job(...) from a quoted function body (as $$...$$) instead of a BEGIN ATOMIC one, ` +
        `or drop them (an index can be made again on the new table); then migrate again`,
    );
  }

  // 3. The rows: what there is, who holds locks, what cannot be kept.
  if (mode.lock) {
    const { rows } = await client.query<{ lock_timeout: string }>("select current_setting('lock_timeout') as lock_timeout");
    await client.query("select set_config('lock_timeout', $1, true)", [LOCK_TIMEOUT]);
    try {
      await client.query(
        `lock table ${quoted}._private_jobs, ${quoted}._private_job_queues, ${quoted}._private_tasks, ${quoted}.migrations ` +
          `in access exclusive mode`,
      );
    } catch (error) {
      if ((error as { code?: string }).code !== "55P03") throw error;
      throw new MigrationError(
        `cannot adopt schema ${quoted}: other sessions kept graphile-worker's tables locked for ${LOCK_TIMEOUT} ` +
          `(graphile-worker workers, or an open transaction): stop graphile-worker's workers and migrate again; nothing was changed`,
      );
    }
    await client.query("select set_config('lock_timeout', $1, true)", [rows[0].lock_timeout]);
  }
  const {
    rows: [{ survey }],
  } = await client.query<{ survey: Survey }>(adoptSql("survey.sql", schema), [schema]);
  Object.assign(report, {
    jobs: survey.jobs,
    queues: survey.queues,
    tasks: survey.tasks,
    crontabs: survey.crontabs,
    next_job_id: survey.next_job_id,
    recent_locks: survey.recent_locks,
  });
  for (const problem of survey.problems) {
    report.refusals.push(`${problem}: this package's tables cannot hold that; fix or remove those rows, then migrate again`);
  }
  const locks = survey.recent_locks;
  if ((locks.jobs.length || locks.queues.length) && !mode.takeOverLocks) {
    const what = [
      locks.jobs.length ? `${locks.jobs.length} job(s) (ids ${locks.jobs.slice(0, 10).map((j) => j.id).join(", ")})` : "",
      locks.queues.length
        ? `${locks.queues.length} named queue(s) (${locks.queues.slice(0, 10).map((q) => q.queue_name).join(", ")})`
        : "",
    ].filter(Boolean);
    report.refusals.push(
      `graphile-worker workers (${locks.workers.join(", ")}) locked ${what.join(" and ")} less than 4 hours ago, ` +
        `and would fail on the converted tables: stop those workers (a graceful stop lets their jobs finish) and ` +
        `migrate again; or, if they are gone, migrate with --take-over-locks (TypeScript: takeOverLocks: true): ` +
        `those jobs are unlocked and run again here, the interrupted attempt counted`,
    );
  }
  return { report, catalog, survey };
}

/**
 * Builds this package's schema from sql/schema into a schema that still
 * holds graphile-worker's jobs view and job_spec (and perhaps the user's own
 * functions): job_spec is kept (the same type), the view is redefined in
 * place, and PUBLIC loses EXECUTE on the functions built here only.
 */
async function buildSchema(client: PoolClient, schema: string, keepJobSpec: boolean): Promise<void> {
  const dir = join(SQL_DIR, "schema");
  const functionsBefore = async () =>
    (
      await client.query<{ oids: number[] }>(
        "select coalesce(array_agg(p.oid), '{}') as oids from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = $1",
        [schema],
      )
    ).rows[0].oids;
  const before = await functionsBefore();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    let text = readFileSync(join(dir, file), "utf8");
    if (/^\d+_type_job_spec\.sql$/.test(file) && keepJobSpec) continue;
    if (/^\d+_view_jobs\.sql$/.test(file)) {
      text = replaceOnce(file, text, /\bcreate view :GRAPHILE_WORKER_SCHEMA\.jobs\b/i, "create or replace view :GRAPHILE_WORKER_SCHEMA.jobs");
    }
    if (/\ball functions in schema\b/i.test(text)) {
      const {
        rows: [{ list }],
      } = await client.query<{ list: string }>(
        `select string_agg(p.oid::regprocedure::text, ', ' order by p.oid) as list
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = $1 and not (p.oid = any($2::oid[]))`,
        [schema, before],
      );
      text = text.replace(/\bon all functions in schema :GRAPHILE_WORKER_SCHEMA\b/gi, () => `on function ${list}`);
    }
    if (/\ball (functions|procedures|routines|tables|sequences) in schema\b/i.test(text)) {
      throw new Error(`adoption cannot apply ${file}: it grants or revokes on everything in the schema, the user's objects too`);
    }
    await client.query(withSchema(text, schema));
  }
}

function replaceOnce(file: string, text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`adoption expected ${file} to match ${pattern}; update src/adopt.ts`);
  return text.replace(pattern, replacement);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** "12 jobs (3 ready, ...), 2 queues, 5 tasks, 1 crontab row". */
export function describeContents(report: AdoptionReport): string {
  const jobs = report.jobs!;
  const states = [
    `${jobs.ready} ready`,
    `${jobs.scheduled} scheduled`,
    `${jobs.locked} locked`,
    `${jobs.failed} permanently failed`,
  ].join(", ");
  return [
    `${plural(jobs.total, "job")} (${states})`,
    plural(report.queues!.total, "named queue"),
    plural(report.tasks!.total, "task"),
    plural(report.crontabs!, "crontab row"),
  ].join(", ");
}

function refusalMessage(report: AdoptionReport): string {
  const version = report.upstream_version ? `graphile-worker ${report.upstream_version}, ` : "";
  return [
    `cannot adopt schema ${quoteSchema(report.schema)} (${version}its migration ${report.upstream_migration}); nothing was changed:`,
    ...report.refusals.map((r) => `  - ${r}`),
  ].join("\n");
}
