// graphile-migrate, for authoring migrations: points it at a development
// database and its shadow on the server the test harness finds.
//   npm run gm -- watch --once      apply migrations/current.sql to the dev database
//   npm run gm -- commit -m "..."   turn current.sql into migrations/committed/NNNNNN.sql
// Users' databases are migrated by the package's own migrator, not by this.
// The databases are named after this checkout, so that several checkouts
// (git worktrees) can author migrations on one server at once.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { databaseUrl, ensureServer, withClient } from "./lib/postgres.mjs";

const checkout = createHash("sha1").update(resolve(import.meta.dirname, "..")).digest("hex").slice(0, 8);
const dev = `graphile_worker_dev_${checkout}`;
const shadow = `graphile_worker_shadow_${checkout}`;
const server = await ensureServer();
const env = {
  ...process.env,
  ROOT_DATABASE_URL: databaseUrl(server.url, "postgres"),
  DATABASE_URL: databaseUrl(server.url, dev),
  SHADOW_DATABASE_URL: databaseUrl(server.url, shadow),
};
await withClient(server.url, async (client) => {
  const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [dev]);
  if (!rowCount) await client.query(`create database ${dev}`);
});
const result = spawnSync("npx", ["graphile-migrate", ...process.argv.slice(2)], { stdio: "inherit", env });
server.stop();
process.exit(result.status ?? 1);
