// Released versions as test fixtures (tests/fixtures/releases/<version>/):
// a database installed by a release's own install script and filled through
// its own functions, and the release's query files.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";
import { createTestDatabase, type TestDatabase } from "./db";
import { ROOT } from "./fixtures";

export const RELEASES = join(ROOT, "tests", "fixtures", "releases");

/** Orders versions such as 0.1.0 and 0.10.2 numerically. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return 0;
}

/** The releases that have a fixture folder, oldest first. */
export function releaseFixtures(): string[] {
  return readdirSync(RELEASES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(compareVersions);
}

export function releaseFile(version: string, file: string): string {
  return join(RELEASES, version, file);
}

/** Runs a SQL file with psql, stopping at the first error. */
export function psqlFile(url: string, file: string): void {
  execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file], {
    stdio: ["ignore", "ignore", "pipe"],
  });
}

/** Runs pg_prove over files; returns its output (throws with it when a test fails). */
export function pgProve(url: string, files: string[]): string {
  try {
    return execFileSync("pg_prove", ["--failures", "--dbname", url, ...files], { encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`pg_prove failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/** A new database with `version` installed by its own install script and filled by its fill script. */
export async function filledRelease(version: string): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: false });
  try {
    psqlFile(db.url, releaseFile(version, "install.sql"));
    psqlFile(db.url, releaseFile(version, "fill.sql"));
  } catch (error) {
    await db.drop();
    throw error;
  }
  return db;
}

/** A release's query file as runnable statements: name -> { text with $n, the parameter names in order }. */
export function releaseQueries(version: string, file: string): Record<string, { text: string; params: string[] }> {
  const path = releaseFile(version, file);
  if (!existsSync(path)) throw new Error(`release ${version} has no ${file}`);
  const queries: Record<string, { text: string; params: string[] }> = {};
  // [preamble, name, body, name, body, ...]
  const parts = readFileSync(path, "utf8").split(/\/\* @name (\w+) \*\//);
  for (let i = 1; i < parts.length; i += 2) {
    const [name, body] = [parts[i], parts[i + 1]];
    const params: string[] = [];
    // pgtyped's parameters (:name or :name!), numbered by first appearance; casts (::type) are not parameters.
    const text = body.trim().replace(/;\s*$/, "").replace(/(?<!:):(\w+)!?/g, (_, param: string) => {
      if (!params.includes(param)) params.push(param);
      return `$${params.indexOf(param) + 1}`;
    });
    queries[name] = { text, params };
  }
  return queries;
}

/** Runs one of a release's queries with named values. */
export async function runReleaseQuery<T extends object = Record<string, unknown>>(
  pool: pg.Pool | pg.PoolClient,
  query: { text: string; params: string[] },
  values: Record<string, unknown>,
): Promise<T[]> {
  for (const param of query.params) {
    if (!(param in values)) throw new Error(`missing value for :${param}`);
  }
  const { rows } = await pool.query(query.text, query.params.map((param) => values[param]));
  // pgtyped's nullability marks ("id!") are part of the column names; its runtime took them off.
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/[!?]$/, ""), v])) as T);
}
