// Finds a PostgreSQL server for the tests, the demo, the benchmark and
// migration authoring, installing what is missing:
//   1. DATABASE_URL, when it is set;
//   2. else the local server on 127.0.0.1:5432 (user postgres);
//   3. else a throwaway cluster: initdb into a temporary folder, run as a
//      non-root user, removed again when the process exits.
// Also makes sure pgTAP, pg_prove, pgbouncer and Chromium (for the admin UI's
// browser tests) are there (apt-get, when root).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const LOCAL_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A URL for database `name` on the same server as `url`. */
export function databaseUrl(url, name) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function aptInstall(packages) {
  if (!isRoot()) {
    throw new Error(
      `missing ${packages.join(", ")}: install them (Debian: apt-get install ${packages.join(" ")}) and run again`,
    );
  }
  log(`installing ${packages.join(" ")} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () =>
    spawnSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], {
      stdio: ["ignore", "ignore", "inherit"],
      env,
    }).status === 0;
  if (install()) return;
  spawnSync("apt-get", ["update", "-q"], { stdio: ["ignore", "ignore", "inherit"], env });
  if (!install()) throw new Error(`apt-get could not install ${packages.join(" ")}`);
}

function postgresBinDir() {
  const candidates = [];
  try {
    candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim());
  } catch {}
  if (existsSync("/usr/lib/postgresql")) {
    for (const version of readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a))) {
      candidates.push(`/usr/lib/postgresql/${version}/bin`);
    }
  }
  return candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function runAs(user, command, args) {
  const result = isRoot()
    ? spawnSync("runuser", ["-u", user, "--", command, ...args], { encoding: "utf8" })
    : spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/**
 * Starts a PostgreSQL cluster of its own in a temporary folder (initdb, run
 * as a non-root user); returns its URL and ways to restart and stop it.
 */
export async function startThrowawayCluster() {
  let bin = postgresBinDir();
  if (!bin) {
    aptInstall(["postgresql"]);
    bin = postgresBinDir();
    if (!bin) throw new Error("PostgreSQL is installed but initdb was not found");
  }
  const user = isRoot() ? (spawnSync("id", ["-u", "postgres"]).status === 0 ? "postgres" : "nobody") : null;
  const dir = mkdtempSync(join(tmpdir(), "graphile-worker-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const port = await freePort();
  log(`no PostgreSQL answered; starting a throwaway cluster in ${dir} on port ${port}`);
  runAs(user, join(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  runAs(user, join(bin, "pg_ctl"), [
    "-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60",
    "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    "start",
  ]);
  const stop = () => {
    try {
      runAs(user, join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  const restart = (mode = "fast") =>
    runAs(user, join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "server.log"), "-m", mode, "-w", "-t", "60", "restart"]);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, restart, throwaway: { bin, data, dir, port, user } };
}

/**
 * Returns `{ url, stop }`: `url` reaches a server (its database is one the
 * caller may connect to for CREATE DATABASE), `stop` ends a throwaway cluster.
 */
export async function ensureServer() {
  if (process.env.DATABASE_URL) {
    if (await answers(process.env.DATABASE_URL)) {
      return { url: process.env.DATABASE_URL, stop: () => {} };
    }
    throw new Error(`DATABASE_URL is set but no PostgreSQL answers there (${redact(process.env.DATABASE_URL)})`);
  }
  if (await answers(LOCAL_URL)) {
    return { url: LOCAL_URL, stop: () => {} };
  }
  return startThrowawayCluster();
}

export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/** Debian's Chromium, which the administrative UI's end-to-end tests drive. */
export const CHROMIUM = "/usr/bin/chromium";

/** Makes sure psql, pg_dump, pg_prove, the pgTAP extension and Chromium are available. */
export async function ensureTestTools(url) {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push("chromium");
  if (spawnSync("pg_prove", ["--version"]).status !== 0) missing.push("libtap-parser-sourcehandler-pgtap-perl");
  if (spawnSync("psql", ["--version"]).status !== 0 || spawnSync("pg_dump", ["--version"]).status !== 0) {
    missing.push("postgresql-client");
  }
  if (!pgbouncerPath()) missing.push("pgbouncer");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "select current_setting('server_version_num')::int / 10000 as major, exists (select 1 from pg_available_extensions where name = 'pgtap') as pgtap",
    );
    if (!rows[0].pgtap) missing.push(`postgresql-${rows[0].major}-pgtap`);
  } finally {
    await client.end();
  }
  if (missing.length) aptInstall(missing);
}

function pgbouncerPath() {
  return ["pgbouncer", "/usr/sbin/pgbouncer"].find((path) => spawnSync(path, ["--version"]).status === 0);
}

/** The pgbouncer binary (tests/ts/pgbouncer.test.ts), installed with apt-get when missing and root. */
export function ensurePgbouncer() {
  let path = pgbouncerPath();
  if (path) return path;
  aptInstall(["pgbouncer"]);
  path = pgbouncerPath();
  if (!path) throw new Error("apt-get installed pgbouncer, but no pgbouncer binary runs (looked on PATH and in /usr/sbin)");
  return path;
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl, name) {
  await withClient(serverUrl, async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  });
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl, name) {
  await withClient(serverUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
}
