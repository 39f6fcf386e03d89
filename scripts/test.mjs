// `npm test`: the one truth. On a fresh machine after `npm ci` it finds (or
// starts) PostgreSQL, installs pgTAP and pg_prove when missing, then:
//   1. type-checks and builds;
//   2. checks that migrations/current.sql holds nothing uncommitted;
//   3. regenerates the pgtyped bindings and fails on any difference;
//   4. runs pg_prove over tests/pgtap;
//   5. runs vitest over tests/ts.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { ensureServer, ensureTestTools, createDatabase, dropDatabase, log, redact } from "./lib/postgres.mjs";
import { checkGenerated } from "./lib/pgtyped.mjs";

const started = Date.now();
const runId = `${process.pid}_${Date.now().toString(36)}`;

function step(title, command, args, env = {}) {
  log(`${title}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    log(`FAILED: ${title}`);
    process.exit(result.status || 1);
  }
}

const server = await ensureServer();
log(`PostgreSQL: ${redact(server.url)}`);
await ensureTestTools(server.url);

step("type-check", "npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]);
step("build", "npm", ["run", "build"]);

log("migrations/current.sql holds nothing uncommitted");
const uncommitted = readFileSync("migrations/current.sql", "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.trim().startsWith("--"));
if (uncommitted.length) {
  log("FAILED: migrations/current.sql has uncommitted SQL; run `npm run gm -- commit -m \"...\"`");
  process.exit(1);
}

const pgtypedDb = `gwtest_pgtyped_${runId}`;
try {
  await checkGenerated(await createDatabase(server.url, pgtypedDb));
} catch (error) {
  log(`FAILED: ${error.message}`);
  process.exit(1);
} finally {
  await dropDatabase(server.url, pgtypedDb);
}

const pgtapDb = `gwtest_pgtap_${runId}`;
const pgtapUrl = await createDatabase(server.url, pgtapDb);
try {
  step("migrate the pgTAP database", "node", ["dist/cli/main.js", "migrate", "--database-url", pgtapUrl]);
  step("pgTAP", "psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pgtapUrl, "-c", "create extension pgtap"]);
  step("pgTAP fixtures", "psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pgtapUrl, "-f", "tests/pgtap/fixtures/fixtures.sql"]);
  const files = readdirSync("tests/pgtap").filter((f) => f.endsWith(".sql")).sort().map((f) => `tests/pgtap/${f}`);
  if (!files.length) {
    log("FAILED: no pgTAP tests found in tests/pgtap");
    process.exit(1);
  }
  step("pgTAP", "pg_prove", ["--failures", "--dbname", pgtapUrl, ...files]);
} finally {
  await dropDatabase(server.url, pgtapDb);
}

step("vitest", "npx", ["vitest", "run"], { GW_TEST_SERVER_URL: server.url, GW_TEST_RUN_ID: runId });

server.stop();
log(`all passed in ${Math.round((Date.now() - started) / 1000)} s`);
