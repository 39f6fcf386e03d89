import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { makeWorkerUtils, run, silentLogger, type Logger } from "../../src/index";
import {
  installSql,
  judgeNewer,
  loadMigrations,
  migrate,
  MigrationError,
  MIGRATIONS_DIR,
  type MigrateResult,
} from "../../src/migrate";
import { quoteSchema } from "../../src/schema-name";
import { createTestDatabase, serverUrl, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";
import { psqlFile, releaseFile } from "./helpers/releases";

const databases: TestDatabase[] = [];
async function emptyDatabase() {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  return db;
}
async function migratedDatabase() {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

// Roles of the attacks and of a worker that may only read the ledger.
const suffix = randomBytes(4).toString("hex");
const mallory = `gw_mallory_${suffix}`;
const reader = `gw_reader_${suffix}`;
beforeAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`create role ${mallory} nologin; create role ${reader} nologin`);
  await admin.end();
});
afterAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`drop role if exists ${mallory}; drop role if exists ${reader}`);
  await admin.end();
});

/** Runs fn with a pool whose connections act as `role`. */
async function asRole<T>(db: TestDatabase, role: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: db.url, max: 2, options: `-c role=${role}` });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

/** The migrator's refusal (a MigrationError, never a raw PostgreSQL error). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return (error as Error).message;
}

async function ledger(db: TestDatabase, schema = "graphile_worker"): Promise<unknown[]> {
  const { rows } = await db.pool.query(`select * from ${quoteSchema(schema)}.migrations order by id`);
  return rows;
}

async function objectsIn(db: TestDatabase, schema = "graphile_worker"): Promise<number> {
  const { rows } = await db.pool.query(
    "select (select count(*) from pg_class where relnamespace = n.oid) + (select count(*) from pg_proc where pronamespace = n.oid) as n from pg_namespace n where nspname = $1",
    [schema],
  );
  return Number(rows[0]?.n ?? -1);
}

const migrations = loadMigrations();
const latest = migrations.length;
const quiet = { warn: () => {} };
/** The newest migration that creates a type or table: applying it twice fails with "already exists". */
const lastCreating = Math.max(...migrations.filter((m) => /^\s*create (type|table) /im.test(m.body)).map((m) => m.id));

describe("migrate", () => {
  it("installs every migration into an empty database and records each, with its marker, in the ledger", async () => {
    const db = await emptyDatabase();
    const lines: string[] = [];
    const result = await migrate(db.pool, { log: (line) => lines.push(line) });
    expect(result.applied.map((m) => m.id)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
    expect(result.version).toBe(latest);
    expect(result.newer).toBeNull();
    expect(lines.some((line) => line.startsWith("applied 000001"))).toBe(true);
    const { rows } = await db.pool.query("select id, name, hash from graphile_worker.migrations order by id");
    expect(rows.map((r) => r.id)).toEqual(result.applied.map((m) => m.id));
    expect(rows[0].hash).toMatch(/^sha1:[0-9a-f]{40}$/);
    const { rows: markers } = await db.pool.query("select id, breaking from graphile_worker.migration_markers order by id");
    expect(markers).toEqual(migrations.map((m) => ({ id: m.id, breaking: m.breaking })));
    const { rows: job } = await db.pool.query("select (graphile_worker.add_job('hello')).task_identifier");
    expect(job[0].task_identifier).toBe("hello");
    const { rows: owner } = await db.pool.query("select nspowner::regrole::text as owner from pg_namespace where nspname = 'graphile_worker'");
    expect(owner[0].owner).toBe("postgres");
  });

  it("does nothing when run again", async () => {
    const db = await migratedDatabase();
    const again = await migrate(db.pool);
    expect(again).toEqual({ applied: [], version: latest, newer: null });
  });

  it("survives 20 concurrent callers on an empty database", async () => {
    const db = await emptyDatabase();
    const pools = Array.from({ length: 20 }, () => new pg.Pool({ connectionString: db.url, max: 1 }));
    try {
      const results = await Promise.all(pools.map((pool) => migrate(pool)));
      expect(results.filter((r) => r.applied.length > 0)).toHaveLength(1);
      expect(results.every((r) => r.version === latest)).toBe(true);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker.migrations");
    expect(rows[0].n).toBe(latest);
  });

  it("installs into a custom schema whose name needs quoting", async () => {
    const db = await emptyDatabase();
    const schema = `Jobs "Q"; drop table x; -- ü`;
    await migrate(db.pool, { schema });
    const { rows } = await db.pool.query(`select (${quoteSchema(schema)}.add_job('hello', '{"a":1}')).payload`);
    expect(rows[0].payload).toEqual({ a: 1 });
    const { rows: schemas } = await db.pool.query(
      "select nspname from pg_namespace where nspname in ($1, 'graphile_worker')",
      [schema],
    );
    expect(schemas.map((r) => r.nspname)).toEqual([schema]);
    expect((await migrate(db.pool, { schema })).applied).toEqual([]);
  });

  it("refuses schema names it cannot use safely", async () => {
    const db = await emptyDatabase();
    await expect(migrate(db.pool, { schema: "a$$b" })).rejects.toThrow(/must not contain '\$'/);
    await expect(migrate(db.pool, { schema: "" })).rejects.toThrow(/non-empty/);
    await expect(migrate(db.pool, { schema: "x".repeat(64) })).rejects.toThrow(/63-byte/);
    for (const [schema, code] of [["a\nb", "000A"], ["a\rb", "000D"], ["a\0", "0000"], ["a\u007fb", "007F"], ["a\u009bb", "009B"], ["\u0085", "0085"]]) {
      const error = await migrate(db.pool, { schema }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(new RegExp(`must not contain control characters \\(got U\\+${code} at position \\d\\)$`));
      // The message itself carries no control character.
      expect((error as Error).message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
    expect(await objectsIn(db)).toBe(-1);
  });

  it("refuses a committed migration file whose content no longer matches its hash", () => {
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const first = readdirSync(dir).sort()[0];
    chmodSync(join(dir, first), 0o644);
    writeFileSync(join(dir, first), readFileSync(join(dir, first), "utf8") + "\nselect 1;\n");
    expect(() => loadMigrations(dir)).toThrow(/was altered after it was committed/);
  });

  it("refuses a schema it did not create", async () => {
    const db = await emptyDatabase();
    await db.pool.query("create schema graphile_worker; create table graphile_worker.migrations (id int, ts timestamptz, breaking boolean)");
    expect(await refusal(migrate(db.pool))).toMatch(/already exists and was not created by this package/);
    expect(await objectsIn(db)).toBe(1);
  });

  it("accepts an empty schema its own role created beforehand", async () => {
    const db = await emptyDatabase();
    await db.pool.query("create schema graphile_worker");
    expect((await migrate(db.pool)).version).toBe(latest);
  });
});

describe("breaking-change markers", () => {
  /** A copy of the committed migrations plus one more, committed as graphile-migrate would. */
  function withExtraMigration(headers: string, body = "select 1;\n"): string {
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    // graphile-migrate's own hash function, as an independent check of ours.
    const { calculateHash } = require("graphile-migrate/dist/hash") as { calculateHash: (body: string, previous: string | null) => string };
    const previous = migrations[latest - 1].hash;
    const name = `${String(latest + 1).padStart(6, "0")}-extra.sql`;
    writeFileSync(
      join(dir, name),
      `--! Previous: ${previous}\n--! Hash: ${calculateHash(body, previous)}\n--! Message: extra\n${headers}\n${body}`,
    );
    return dir;
  }

  it("are read from the --! BreakingChange header of a committed file", () => {
    const loaded = loadMigrations(withExtraMigration("--! BreakingChange\n"));
    expect(loaded.map((m) => m.breaking)).toEqual([...migrations.map(() => false), true]);
    expect(loadMigrations(withExtraMigration("")).at(-1)!.breaking).toBe(false);
  });

  it("refuse unknown headers and a BreakingChange with a value", () => {
    expect(() => loadMigrations(withExtraMigration("--! Breakingchange\n"))).toThrow(/unknown header --! Breakingchange/);
    expect(() => loadMigrations(withExtraMigration("--! BreakingChange: yes\n"))).toThrow(/BreakingChange takes no value/);
  });

  it("decide whether a newer schema may be used", () => {
    expect(judgeNewer("s", [{ id: 9, name: "000009-a.sql", breaking: false }])).toEqual({ names: ["000009-a.sql"], breaking: false });
    expect(() =>
      judgeNewer("s", [
        { id: 9, name: "000009-a.sql", breaking: false },
        { id: 10, name: "000010-b.sql", breaking: true },
      ]),
    ).toThrow(/does not know \(000009-a.sql, 000010-b.sql\), and 000010-b.sql is a breaking change/);
    expect(() => judgeNewer("s", [{ id: 9, name: "000009-a.sql", breaking: null }])).toThrow(/without a breaking-change marker/);
  });
});

describe("a schema newer than this package", () => {
  const future = (id: number) => `${String(id).padStart(6, "0")}-from-the-future.sql`;

  /** A migrated database whose ledger has migrations after this package's, breaking or not. */
  async function newer(breaking: boolean[]): Promise<TestDatabase> {
    const db = await migratedDatabase();
    for (const [i, b] of breaking.entries()) {
      const id = latest + 1 + i;
      await db.pool.query("insert into graphile_worker.migrations (id, name, hash) values ($1, $2, 'sha1:0')", [id, future(id)]);
      await db.pool.query("insert into graphile_worker.migration_markers values ($1, $2)", [id, b]);
    }
    return db;
  }

  it("is used, with a warning, when none of the migrations it does not know is breaking", async () => {
    const db = await newer([false, false]);
    const before = await ledger(db);
    const warnings: string[] = [];
    const result = await migrate(db.pool, { warn: (w) => warnings.push(w) });
    const names = [future(latest + 1), future(latest + 2)];
    expect(result).toEqual({ applied: [], version: latest + 2, newer: { names, breaking: false } });
    expect(warnings).toEqual([
      `schema "graphile_worker" has migrations this package does not know (${names.join(", ")}); none is a ` +
        `breaking change, so this package keeps working with it. Upgrade the package to use what they add.`,
    ]);
    expect(await ledger(db)).toEqual(before);
  });

  it("is refused with a clear message when one of them is breaking", async () => {
    const db = await newer([false, true]);
    const before = await ledger(db);
    const name = future(latest + 2);
    expect(await refusal(migrate(db.pool, quiet))).toBe(
      `schema "graphile_worker" has migrations this package does not know ` +
        `(${future(latest + 1)}, ${name}), and ${name} is a breaking change: ` +
        `this version of the package cannot work with it; upgrade the package (every runner and WorkerUtils) ` +
        `to the version that ships ${name}`,
    );
    expect(await ledger(db)).toEqual(before);
  });

  it("can be checked by a role that may only read the ledger (a worker's runner)", async () => {
    const db = await emptyDatabase();
    // A 0.1.0 schema whose ledger the worker role may read: the upgrade lets it read the markers too.
    psqlFile(db.url, releaseFile("0.1.0", "install.sql"));
    await db.pool.query(`grant usage on schema graphile_worker to ${reader}; grant select on graphile_worker.migrations to ${reader}`);
    await migrate(db.pool);
    expect((await asRole(db, reader, (pool) => migrate(pool))).applied).toEqual([]);
    await db.pool.query("insert into graphile_worker.migrations (id, name, hash) values ($1, 'x.sql', 'sha1:0')", [latest + 1]);
    await db.pool.query("insert into graphile_worker.migration_markers values ($1, false)", [latest + 1]);
    expect((await asRole(db, reader, (pool) => migrate(pool, quiet))).newer).toEqual({ names: ["x.sql"], breaking: false });
  });
});

describe("a runner and WorkerUtils meeting a schema newer than this package", () => {
  async function withNewer(breaking: boolean): Promise<TestDatabase> {
    const db = await migratedDatabase();
    await db.pool.query("insert into graphile_worker.migrations (id, name, hash) values ($1, 'next.sql', 'sha1:0')", [latest + 1]);
    await db.pool.query("insert into graphile_worker.migration_markers values ($1, $2)", [latest + 1, breaking]);
    return db;
  }

  it("run with a warning when no newer migration is breaking", async () => {
    const db = await withNewer(false);
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (message) => warnings.push(message) };
    const ran: unknown[] = [];
    await db.pool.query("select graphile_worker.add_job('t', '{\"n\": 1}')");
    const runner = await run({ connectionString: db.url, taskList: { t: async (p) => void ran.push(p) }, logger, handleSignals: false });
    try {
      await until(async () => ran.length === 1, 10_000, "the runner to run the job");
    } finally {
      await runner.stop();
    }
    expect(warnings[0]).toMatch(/has a migration this package does not know \(next.sql\); none is a breaking change/);

    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const utils = await makeWorkerUtils({ connectionString: db.url });
      expect((await utils.migrate()).newer).toEqual({ names: ["next.sql"], breaking: false });
      await utils.release();
      expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toMatch(/WARNING .*does not know \(next.sql\)/);
    } finally {
      stderr.mockRestore();
    }
  });

  it("refuse to start, saying why, when one is breaking", async () => {
    const db = await withNewer(true);
    const message = /does not know \(next.sql\), and next.sql is a breaking change: this version of the package cannot work with it/;
    await expect(
      run({ connectionString: db.url, taskList: { t: async () => {} }, logger: silentLogger, handleSignals: false }),
    ).rejects.toThrow(message);
    const utils = await makeWorkerUtils({ connectionString: db.url });
    await expect(utils.migrate()).rejects.toThrow(message);
    await utils.release();
  });
});

describe("a damaged ledger is refused with a message naming the damage", () => {
  const id = (n: number) => String(n).padStart(6, "0");
  const cases: [string, string, RegExp][] = [
    [
      "a row deleted",
      "delete from graphile_worker.migration_markers where id = 2; delete from graphile_worker.migrations where id = 2",
      new RegExp(`ledger has no row for migration 2 \\(000002-worker-protocol.sql\\) but has migration 3 .*a row was deleted`),
    ],
    [
      "the last rows deleted, back to a migration that created a type or table",
      `delete from graphile_worker.migration_markers where id >= ${lastCreating}; delete from graphile_worker.migrations where id >= ${lastCreating}`,
      new RegExp(
        `ledger ends at migration ${lastCreating - 1}, but ${migrations[lastCreating - 1].name} was applied already .*lost its rows from migration ${lastCreating} on`,
      ),
    ],
    [
      "every row deleted",
      "delete from graphile_worker.migration_markers; delete from graphile_worker.migrations",
      /ledger is empty, but 000001-foundation.sql was applied already/,
    ],
    [
      "a row added",
      `insert into graphile_worker.migrations (id, name, hash) values (${latest + 1}, 'x.sql', 'sha1:0')`,
      /ledger has x.sql, a migration this package does not know, without a breaking-change marker/,
    ],
    [
      "a row added past a gap",
      `insert into graphile_worker.migrations (id, name, hash) values (${latest + 5}, 'x.sql', 'sha1:0')`,
      new RegExp(`ledger has no row for migration ${latest + 1} but has migration ${latest + 5} \\(x.sql\\)`),
    ],
    [
      "a hash changed",
      "update graphile_worker.migrations set hash = 'sha1:edited' where id = 1",
      /migration 000001-foundation.sql applied to schema "graphile_worker" differs from this package's 000001-foundation.sql .*altered/,
    ],
    [
      "a name changed",
      "update graphile_worker.migrations set name = '000002-renamed.sql' where id = 2",
      /ledger says migration 2 is 000002-renamed.sql, but this package's migration 2 is 000002-worker-protocol.sql/,
    ],
    [
      "the ledger table dropped",
      "drop table graphile_worker.migration_markers; drop table graphile_worker.migrations",
      /holds the job queue's tables but no migration ledger \(table "graphile_worker".migrations is missing\)/,
    ],
    [
      "the markers table dropped under a newer ledger",
      `drop table graphile_worker.migration_markers; insert into graphile_worker.migrations (id, name, hash) values (${latest + 1}, '${id(latest + 1)}-x.sql', 'sha1:0')`,
      /no table "graphile_worker".migration_markers to say whether they are breaking changes/,
    ],
  ];

  it.each(cases)("%s", async (_title, damage, message) => {
    const db = await migratedDatabase();
    await db.pool.query(damage);
    const before = { objects: await objectsIn(db), ledger: await ledger(db).catch(() => "no ledger") };
    expect(await refusal(migrate(db.pool, quiet))).toMatch(message);
    expect({ objects: await objectsIn(db), ledger: await ledger(db).catch(() => "no ledger") }).toEqual(before);
  });

  it("re-applies a lost tail of migrations that only replace function bodies, leaving every function as it was", async () => {
    // Nothing in the schema says such a migration ran, and running it again changes nothing:
    // the migrator applies it and writes its ledger row and marker back.
    expect(lastCreating).toBeLessThan(latest);
    const db = await migratedDatabase();
    const definitions = async () =>
      (
        await db.pool.query(
          `select pg_get_functiondef(p.oid) as d from pg_proc p
            where p.pronamespace = 'graphile_worker'::regnamespace order by p.oid`,
        )
      ).rows;
    const before = { functions: await definitions(), objects: await objectsIn(db) };
    const markers = (await db.pool.query("select id, breaking from graphile_worker.migration_markers order by id")).rows;
    await db.pool.query(
      `delete from graphile_worker.migration_markers where id > ${lastCreating}; delete from graphile_worker.migrations where id > ${lastCreating}`,
    );
    const result = await migrate(db.pool, quiet);
    expect(result.applied.map((m) => m.id)).toEqual(migrations.slice(lastCreating).map((m) => m.id));
    expect({ functions: await definitions(), objects: await objectsIn(db) }).toEqual(before);
    expect((await ledger(db)).map((row) => (row as { name: string }).name)).toEqual(migrations.map((m) => m.name));
    expect((await db.pool.query("select id, breaking from graphile_worker.migration_markers order by id")).rows).toEqual(markers);
  });

  it("cannot lose a row under its marker: the database refuses the delete", async () => {
    const db = await migratedDatabase();
    await expect(db.pool.query(`delete from graphile_worker.migrations where id = ${latest}`)).rejects.toMatchObject({ code: "23503" });
  });
});

describe("trusts nothing in the schema it did not create", () => {
  it("refuses an empty schema another role created beforehand, and creates nothing in it", async () => {
    const db = await emptyDatabase();
    // The attack: a role with CREATE on the database creates the schema first.
    await db.pool.query(`grant create on database ${db.name} to ${mallory}`);
    await asRole(db, mallory, (pool) => pool.query("create schema graphile_worker"));
    expect(await refusal(migrate(db.pool))).toBe(
      `schema "graphile_worker" is owned by role ${mallory}, not by role postgres, which is migrating it: refused, ` +
        `because the owner of a schema can replace what this package installs in it. Migrate as ${mallory} if ` +
        `that role is meant to own the queue; otherwise drop the schema and migrate again, so that postgres creates it`,
    );
    expect(await objectsIn(db)).toBe(0);
  });

  it("never reads a ledger another role put there", async () => {
    const db = await emptyDatabase();
    await db.pool.query(`grant create on database ${db.name} to ${mallory}`);
    await db.pool.query("create table public.reads (reader text)");
    await db.pool.query(`grant insert on public.reads to ${mallory}`);
    // A ledger that records who reads it, with a row for every migration.
    await asRole(db, mallory, (pool) =>
      pool.query(`
        create schema graphile_worker;
        create function graphile_worker.spy() returns setof bigint language sql as $$
          insert into public.reads values (current_user) returning 1::bigint
        $$;
        create view graphile_worker.migrations as
          select m.id::integer as id, m.name::text as name, m.hash::text as hash, now() as applied_at
          from graphile_worker.spy(), (values ${migrations.map((m) => `(${m.id}, '${m.name}', '${m.hash}')`).join(", ")}) as m(id, name, hash);
      `),
    );
    expect(await refusal(migrate(db.pool))).toMatch(/"graphile_worker".migrations is not a ledger table of ours/);
    expect((await db.pool.query("select * from public.reads")).rows).toEqual([]);
  });

  it("refuses a schema in which another role may create objects", async () => {
    const db = await migratedDatabase();
    await db.pool.query(`grant create on schema graphile_worker to ${mallory}`);
    expect(await refusal(migrate(db.pool))).toMatch(
      new RegExp(`roles other than its owner postgres may create objects in schema "graphile_worker" \\(CREATE is granted to ${mallory}\\)`),
    );
  });

  it("refuses a schema holding an object another role owns", async () => {
    const db = await migratedDatabase();
    await db.pool.query(`grant usage, create on schema graphile_worker to ${mallory}`);
    await asRole(db, mallory, (pool) =>
      pool.query("create function graphile_worker.add_job(identifier text, x integer) returns integer language sql as 'select 1'"),
    );
    await db.pool.query(`revoke create on schema graphile_worker from ${mallory}`);
    expect(await refusal(migrate(db.pool))).toMatch(
      new RegExp(`is owned by role postgres but holds objects other roles own \\(function add_job \\(owned by ${mallory}\\)\\)`),
    );
  });

  it("refuses a schema whose owner was changed to a role that could replace its tables", async () => {
    const db = await migratedDatabase();
    await db.pool.query("create table public.reads (reader text)");
    await db.pool.query(`grant insert on public.reads to public`);
    // The schema is handed to another role, which swaps a table of the queue
    // for one whose trigger would run with the rights of the functions' owner.
    await db.pool.query(`alter schema graphile_worker owner to ${mallory}`);
    await asRole(db, mallory, (pool) =>
      pool.query(`
        drop table graphile_worker._private_sweeps;
        create table graphile_worker._private_sweeps (singleton boolean primary key default true, last_swept_at timestamptz, last_result jsonb);
        insert into graphile_worker._private_sweeps default values;
        create function graphile_worker.spy() returns trigger language plpgsql as $$
          begin insert into public.reads values (current_user); return new; end $$;
        create trigger spy before update on graphile_worker._private_sweeps for each row execute function graphile_worker.spy();
      `),
    );
    expect(await refusal(migrate(db.pool))).toMatch(
      new RegExp(`schema "graphile_worker" is owned by role ${mallory} but holds objects other roles own \\(.*\\(owned by postgres\\)`),
    );
    expect((await db.pool.query("select * from public.reads")).rows).toEqual([]);
  });

  it("refuses tables another role may create triggers on", async () => {
    const db = await migratedDatabase();
    await db.pool.query(`grant trigger on graphile_worker._private_jobs to ${mallory}`);
    expect(await refusal(migrate(db.pool))).toMatch(new RegExp(`other roles can run code on \\(${mallory} may create triggers on _private_jobs\\)`));
  });

  it("creates a missing schema itself, so that a concurrent creator makes it refuse instead of moving in", async () => {
    const db = await emptyDatabase();
    await db.pool.query(`grant create on database ${db.name} to ${mallory}`);
    const attacker = new pg.Client({ connectionString: db.url, options: `-c role=${mallory}` });
    await attacker.connect();
    try {
      await attacker.query("begin; create schema graphile_worker");
      const migrating = refusal(migrate(db.pool));
      await until(
        async () =>
          (
            await db.pool.query(
              "select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and query like 'create schema%'",
              [db.name],
            )
          ).rows[0].n === 1,
        10_000,
        "the migrator to wait for the other session's schema",
      );
      await attacker.query("commit");
      expect(await migrating).toMatch(/schema "graphile_worker" was created by another session while this one was about to create it: refused/);
    } finally {
      await attacker.end();
    }
    expect(await objectsIn(db)).toBe(0);
  });

  it("lets a role that may read the ledger check an up-to-date schema, and tells one that may not what to grant", async () => {
    const db = await migratedDatabase();
    await db.pool.query(`grant usage on schema graphile_worker to ${reader}`);
    expect(await refusal(asRole(db, reader, (pool) => migrate(pool)))).toBe(
      `role ${reader} may not read "graphile_worker".migrations, so it cannot check the schema's migrations: grant it ` +
        `usage on schema "graphile_worker" and select on "graphile_worker".migrations (see docs/privileges.md), or ` +
        `migrate as the schema's owner`,
    );
    await db.pool.query(`grant select on graphile_worker.migrations to ${reader}`);
    expect(await asRole(db, reader, (pool) => migrate(pool))).toEqual<MigrateResult>({ applied: [], version: latest, newer: null });
    // With something to apply, only the owner may.
    await db.pool.query(`delete from graphile_worker.migration_markers where id = ${latest}; delete from graphile_worker.migrations where id = ${latest}`);
    expect(await refusal(asRole(db, reader, (pool) => migrate(pool)))).toMatch(/is owned by role postgres, not by role gw_reader_\w+, which is migrating it/);
  });
});

describe("install-sql", () => {
  function psql(url: string, sql: string) {
    return spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url], { input: sql, encoding: "utf8" });
  }

  it("produces a script that psql applies and the migrator then continues from", async () => {
    const db = await emptyDatabase();
    execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url], {
      input: installSql("from_psql"),
      stdio: ["pipe", "ignore", "pipe"],
    });
    const { rows } = await db.pool.query("select count(*)::int as n from from_psql.migrations");
    expect(rows[0].n).toBe(latest);
    const { rows: markers } = await db.pool.query("select id, breaking from from_psql.migration_markers order by id");
    expect(markers).toEqual(migrations.map((m) => ({ id: m.id, breaking: m.breaking })));
    expect((await migrate(db.pool, { schema: "from_psql" })).applied).toEqual([]);
  });

  it("creates the schema itself: it fails, changing nothing, when the schema exists", async () => {
    const db = await emptyDatabase();
    await db.pool.query("create schema taken");
    const result = psql(db.url, installSql("taken"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/schema "taken" already exists/);
    expect(await objectsIn(db, "taken")).toBe(0);
  });

  it("cannot be made to run SQL or psql commands through a crafted schema name", async () => {
    const db = await emptyDatabase();
    const marker = join(mkdtempSync(join(tmpdir(), "install-sql-")), "ran");
    const names = [
      `x"; create table public.pwned (); --`,
      `x' ; create table public.pwned (); --`,
      `x */ create table public.pwned (); /*`,
      `x\\! touch ${marker}`,
      `\\! touch ${marker}`,
      `:pwned :'pwned' :"pwned"`,
      `x\\gexec`,
      `x;`,
    ];
    for (const name of names) {
      const result = psql(db.url, installSql(name));
      expect(result.stderr, name).toBe("");
      expect(result.status, name).toBe(0);
    }
    const { rows } = await db.pool.query(
      "select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname not in ('public', 'information_schema') order by 1",
    );
    expect(rows.map((r) => r.nspname).sort()).toEqual([...names].sort());
    expect((await db.pool.query("select to_regclass('public.pwned') as t")).rows[0].t).toBeNull();
    expect(existsSync(marker)).toBe(false);
    // A control character cannot reach the script at all.
    for (const name of ["x\n\\! touch /tmp/pwned", "x\rcreate table public.pwned ();", "x\u0085"]) {
      expect(() => installSql(name)).toThrow(/must not contain control characters/);
    }
  });
});
