// graphile-migrate, for authoring migrations: points it at a development
// database and its shadow on the server the test harness finds.
//   npm run gm -- watch --once      apply migrations/current.sql to the dev database
//   npm run gm -- commit -m "..."   turn current.sql into migrations/committed/NNNNNN.sql
// Users' databases are migrated by the package's own migrator, not by this.
import { spawnSync } from "node:child_process";
import { databaseUrl, ensureServer, withClient } from "./lib/postgres.mjs";

const server = await ensureServer();
const env = {
  ...process.env,
  ROOT_DATABASE_URL: databaseUrl(server.url, "postgres"),
  DATABASE_URL: databaseUrl(server.url, "graphile_worker_dev"),
  SHADOW_DATABASE_URL: databaseUrl(server.url, "graphile_worker_shadow"),
};
await withClient(server.url, async (client) => {
  for (const name of ["graphile_worker_dev"]) {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  }
});
const result = spawnSync("npx", ["graphile-migrate", ...process.argv.slice(2)], { stdio: "inherit", env });
server.stop();
process.exit(result.status ?? 1);
