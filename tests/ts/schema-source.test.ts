// sql/schema is the schema as it is today, one object a file; the committed
// migrations are how databases get there. Build one database each way and
// require identical schema dumps, so the two can never drift apart.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { migrate } from "../../src/migrate";
import { withSchema } from "../../src/schema-name";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const SOURCE = join(__dirname, "..", "..", "sql", "schema");

/** The files of sql/schema in the order they can be created. */
function sourceFiles(): string[] {
  const dir = (name: string) =>
    readdirSync(join(SOURCE, name))
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .map((f) => join(name, f));
  return ["schema.sql", ...dir("types"), ...dir("tables"), ...dir("views"), ...dir("functions"), "privileges.sql"];
}

function dump(url: string, schema: string): string {
  return execFileSync("pg_dump", ["--schema-only", "--no-owner", `--schema="${schema.replace(/"/g, `""`)}"`, url], { encoding: "utf8" })
    .split("\n")
    .filter((line) => !line.startsWith("-- Dumped") && !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
    .join("\n");
}

const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

it.each(["graphile_worker", "Custom Schema"])("sql/schema builds the same schema as the migrations (%s)", async (schema) => {
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

it("lists every file of sql/schema", () => {
  const all = readdirSync(SOURCE, { recursive: true }).filter((f) => String(f).endsWith(".sql")).map(String).sort();
  expect(sourceFiles().slice().sort()).toEqual(all);
});
