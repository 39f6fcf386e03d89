// sql/schema is the schema as it is today, one object a file, built in the
// order of the files' numbered prefixes; the committed migrations are how
// databases get there. Build one database each way and require identical
// dumps (schema and seed rows), so the two can never drift apart.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { migrate } from "../../src/migrate";
import { withSchema } from "../../src/schema-name";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const SOURCE = join(__dirname, "..", "..", "sql", "schema");

/** `0230_table__private_jobs.sql`: build position, kind of object, its name. */
const FILE_NAME = /^(\d{4})_(schema|type|table|view|function|privileges)(?:_(\w+))?\.sql$/;

/** The files of sql/schema in build order. */
function sourceFiles(): string[] {
  return readdirSync(SOURCE)
    .filter((f) => f.endsWith(".sql"))
    .sort();
}

/**
 * The objects a file creates, as "kind name". Statements that belong to an
 * object (comments, indexes, grants, seed rows) are not objects of their own.
 */
function createdObjects(text: string): string[] {
  const statements = text.replace(/--[^\n]*/g, "").replace(/\$\$[\s\S]*?\$\$/g, "$$$$");
  return [...statements.matchAll(/\bcreate\s+(?:or\s+replace\s+)?(schema|type|table|view|function|procedure|domain|sequence|trigger|aggregate|operator)\s+(?:if\s+not\s+exists\s+)?(:GRAPHILE_WORKER_SCHEMA(?:\.(\w+))?)/gi)]
    .map((m) => `${m[1].toLowerCase()} ${m[3] ?? ""}`.trim());
}

function dump(url: string, schema: string): string {
  const quoted = `"${schema.replace(/"/g, `""`)}"`;
  return execFileSync(
    "pg_dump",
    ["--no-owner", `--schema=${quoted}`, `--exclude-table-data=${quoted}.migrations`, `--exclude-table-data=${quoted}.migration_markers`, url],
    { encoding: "utf8" },
  )
    .split("\n")
    .filter((line) => !line.startsWith("-- Dumped") && !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
    .join("\n");
}

const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

it.each(["graphile_worker", "Custom Schema"])("sql/schema builds the same schema and seed rows as the migrations (%s)", async (schema) => {
  const migrated = await createTestDatabase({ migrated: false });
  const fromSource = await createTestDatabase({ migrated: false });
  databases.push(migrated, fromSource);

  await migrate(migrated.pool, { schema });

  const client = await fromSource.pool.connect();
  try {
    await client.query("begin");
    for (const file of sourceFiles()) {
      await client.query(withSchema(readFileSync(join(SOURCE, file), "utf8"), schema));
    }
    await client.query("commit");
  } finally {
    client.release();
  }

  expect(dump(fromSource.url, schema)).toBe(dump(migrated.url, schema));
});

it("names every file of sql/schema after the one object it creates, with a build position", () => {
  const all = readdirSync(SOURCE, { recursive: true }).map(String).filter((f) => f.endsWith(".sql"));
  expect(all.filter((f) => f.includes("/")), "sql/schema is one flat folder").toEqual([]);
  const positions = new Set<string>();
  for (const file of all) {
    const match = FILE_NAME.exec(file);
    expect(match, `${file} is named NNNN_<kind>_<name>.sql`).not.toBeNull();
    const [, position, kind, name] = match!;
    expect(positions.has(position), `${file}: build position ${position} is taken twice`).toBe(false);
    positions.add(position);
    const objects = createdObjects(readFileSync(join(SOURCE, file), "utf8"));
    if (kind === "privileges") {
      expect(objects, `${file} creates no object`).toEqual([]);
    } else {
      expect(objects, `${file} creates exactly the ${kind} it is named after`).toEqual([`${kind} ${name ?? ""}`.trim()]);
    }
  }
});
