// Upgrades from every release (tests/fixtures/releases/<version>/): install
// the release with its own install script, fill it through its own
// functions, migrate with this package's migrator, then require that every
// row of every table the release had keeps every column it had, byte for
// byte; that the new state is derived right (the release's upgraded.sql);
// that the schema is the one a fresh install builds; and that the whole
// pgTAP suite passes on the upgraded database.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";
import { afterEach, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../src/migrate";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { ROOT } from "./helpers/fixtures";
import { filledRelease, pgProve, psqlFile, RELEASES, releaseFile, releaseFixtures } from "./helpers/releases";

const SCHEMA = "graphile_worker";

const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

/** The columns of every table in the schema, in column order. */
async function tableColumns(pool: pg.Pool): Promise<Record<string, string[]>> {
  const { rows } = await pool.query<{ table: string; columns: string[] }>(
    `select c.relname as table, array_agg(quote_ident(a.attname) order by a.attnum)::text[] as columns
     from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where c.relnamespace = $1::regnamespace and c.relkind = 'r'
     group by c.relname`,
    [SCHEMA],
  );
  return Object.fromEntries(rows.map((r) => [r.table, r.columns]));
}

/** Every row of each table, limited to the given columns, as PostgreSQL's text of the row; and the sequences' positions. */
async function dumpData(pool: pg.Pool, columns: Record<string, string[]>): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const [table, cols] of Object.entries(columns)) {
    const { rows } = await pool.query<{ row: string }>(
      // By the first column (the ledger's id sorts 10 after 9), then the whole row.
      `select row(${cols.join(", ")})::text as row from ${SCHEMA}.${table} order by ${cols[0]}, 1`,
    );
    dump[table] = rows.map((r) => r.row);
  }
  const { rows } = await pool.query<{ row: string }>(
    "select format('%s %s', sequencename, last_value) as row from pg_sequences where schemaname = $1 order by 1",
    [SCHEMA],
  );
  dump["(sequences)"] = rows.map((r) => r.row);
  return dump;
}

async function payloads(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ p: string }>(`select id || ' ' || payload::text as p from ${SCHEMA}._private_jobs order by id`);
  return rows.map((r) => r.p);
}

function schemaDump(url: string): string {
  return execFileSync("pg_dump", ["--schema-only", "--no-owner", `--schema=${SCHEMA}`, url], { encoding: "utf8" })
    .split("\n")
    .filter((line) => !line.startsWith("-- Dumped") && !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
    .join("\n");
}

const migrations = loadMigrations();

it("has a fixture for every release, and the releases are upgraded from in order", () => {
  expect(releaseFixtures().length).toBeGreaterThan(0);
  expect(releaseFixtures()[0]).toBe("0.1.0");
});

it.each(releaseFixtures())(
  "upgrading a filled %s keeps every job, lock, key, revision and payload, and passes the pgTAP suite",
  async (version) => {
    const db = await filledRelease(version);
    databases.push(db);
    const fresh = await createTestDatabase();
    databases.push(fresh);

    // 1. The release's state, column by column.
    const columns = await tableColumns(db.pool);
    const before = await dumpData(db.pool, columns);
    const payloadsBefore = await payloads(db.pool);
    expect(before._private_jobs.length, "the fixture has jobs").toBeGreaterThan(10);

    // 2. Upgrade.
    const released = before.migrations.length;
    const result = await migrate(db.pool);
    expect(result.applied.map((m) => m.name)).toEqual(migrations.slice(released).map((m) => m.name));
    expect(result.version).toBe(migrations.length);

    // 3. Nothing the release had changed: every row, every column it had, the
    //    ledger's rows (applied_at included), the sequences; payloads byte for byte.
    const after = await dumpData(db.pool, columns);
    expect(after.migrations.slice(0, released)).toEqual(before.migrations);
    expect(after.migrations).toHaveLength(migrations.length);
    expect({ ...after, migrations: [] }).toEqual({ ...before, migrations: [] });
    expect(await payloads(db.pool)).toEqual(payloadsBefore);
    const { rows: markers } = await db.pool.query(`select id, breaking from ${SCHEMA}.migration_markers order by id`);
    expect(markers).toEqual(migrations.map((m) => ({ id: m.id, breaking: m.breaking })));

    // 4. The upgraded schema is the one a fresh install builds.
    expect(schemaDump(db.url)).toBe(schemaDump(fresh.url));

    // 5. What the release could not express is derived right (upgraded.sql),
    //    then the whole pgTAP suite runs on this database (emptied first: its
    //    files expect an empty queue).
    await db.pool.query("create extension pgtap");
    psqlFile(db.url, join(ROOT, "tests", "pgtap", "fixtures", "fixtures.sql"));
    if (existsSync(releaseFile(version, "upgraded.sql"))) pgProve(db.url, [releaseFile(version, "upgraded.sql")]);
    psqlFile(db.url, join(RELEASES, "empty-queue.sql"));
    const suite = readdirSync(join(ROOT, "tests", "pgtap"))
      .filter((f) => f.endsWith(".sql"))
      .map((f) => join(ROOT, "tests", "pgtap", f));
    expect(suite.length).toBeGreaterThan(10);
    expect(pgProve(db.url, suite)).toMatch(/All tests successful/);
  },
  120_000,
);
