import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { installSql, loadMigrations, migrate, MIGRATIONS_DIR } from "../../src/migrate";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const databases: TestDatabase[] = [];
async function emptyDatabase() {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

const latest = loadMigrations().length;

describe("migrate", () => {
  it("installs every migration into an empty database and records each in the ledger", async () => {
    const db = await emptyDatabase();
    const lines: string[] = [];
    const result = await migrate(db.pool, { log: (line) => lines.push(line) });
    expect(result.applied.map((m) => m.id)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
    expect(result.version).toBe(latest);
    expect(lines.some((line) => line.startsWith("applied 000001"))).toBe(true);
    const { rows } = await db.pool.query("select id, name, hash from graphile_worker.migrations order by id");
    expect(rows.map((r) => r.id)).toEqual(result.applied.map((m) => m.id));
    expect(rows[0].hash).toMatch(/^sha1:[0-9a-f]{40}$/);
    const { rows: job } = await db.pool.query("select (graphile_worker.add_job('hello')).task_identifier");
    expect(job[0].task_identifier).toBe("hello");
  });

  it("does nothing when run again", async () => {
    const db = await emptyDatabase();
    await migrate(db.pool);
    const again = await migrate(db.pool);
    expect(again.applied).toEqual([]);
    expect(again.version).toBe(latest);
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
    const quoted = `"${schema.replace(/"/g, '""')}"`;
    const { rows } = await db.pool.query(`select (${quoted}.add_job('hello', '{"a":1}')).payload`);
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
  });

  it("refuses a database whose schema is newer than the package, changing nothing", async () => {
    const db = await emptyDatabase();
    await migrate(db.pool);
    await db.pool.query(
      "insert into graphile_worker.migrations (id, name, hash) values ($1, 'from-the-future.sql', 'sha1:0')",
      [latest + 1],
    );
    await expect(migrate(db.pool)).rejects.toThrow(
      new RegExp(`at migration ${latest + 1}, newer than this package knows \\(${latest}\\)`),
    );
  });

  it("detects a migration that was altered after it was applied", async () => {
    const db = await emptyDatabase();
    await migrate(db.pool);
    await db.pool.query("update graphile_worker.migrations set hash = 'sha1:edited' where id = 1");
    await expect(migrate(db.pool)).rejects.toThrow(/differs from this package's 000001.*altered after it was applied/);
  });

  it("refuses a committed migration file whose content no longer matches its hash", () => {
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const first = readdirSync(dir).sort()[0];
    writeFileSync(join(dir, first), readFileSync(join(dir, first), "utf8") + "\nselect 1;\n");
    expect(() => loadMigrations(dir)).toThrow(/was altered after it was committed/);
  });

  it("refuses a schema it did not create", async () => {
    const db = await emptyDatabase();
    await db.pool.query("create schema graphile_worker; create table graphile_worker.migrations (id int, ts timestamptz, breaking boolean)");
    await expect(migrate(db.pool)).rejects.toThrow(/already exists and was not created by this package/);
    const { rows } = await db.pool.query("select count(*)::int as n from pg_class where relnamespace = 'graphile_worker'::regnamespace");
    expect(rows[0].n).toBe(1);
  });

  it("accepts an empty schema created beforehand", async () => {
    const db = await emptyDatabase();
    await db.pool.query("create schema graphile_worker");
    expect((await migrate(db.pool)).version).toBe(latest);
  });

  it("produces an install script that psql applies and the migrator then continues from", async () => {
    const db = await emptyDatabase();
    execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url], {
      input: installSql("from_psql"),
      stdio: ["pipe", "ignore", "pipe"],
    });
    const { rows } = await db.pool.query("select count(*)::int as n from from_psql.migrations");
    expect(rows[0].n).toBe(latest);
    expect((await migrate(db.pool, { schema: "from_psql" })).applied).toEqual([]);
  });
});
