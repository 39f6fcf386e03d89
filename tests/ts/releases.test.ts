// Released migrations are frozen. migrations/releases.json lists, for each
// release, the migration files it added with the SHA-256 of each file
// (name, headers and body); the release's install script, kept as a test
// fixture, is an independent record of the same files. Any edit to a
// released file, or to a release's list, breaks one of the two.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadMigrations, MIGRATIONS_DIR } from "../../src/migrate";
import { withSchema } from "../../src/schema-name";
import { ROOT } from "./helpers/fixtures";
import { compareVersions, releaseFile, releaseFixtures } from "./helpers/releases";

type Releases = Record<string, Record<string, string>>;
const releases: Releases = JSON.parse(readFileSync(join(ROOT, "migrations", "releases.json"), "utf8"));
const versions = Object.keys(releases);
const migrations = loadMigrations();

/** The migrations of every release up to and including `version`, in order. */
function through(version: string): string[] {
  return versions.filter((v) => compareVersions(v, version) <= 0).flatMap((v) => Object.keys(releases[v]));
}

it("lists releases in version order, each adding the next migrations after the one before", () => {
  expect(versions).toContain("0.1.0");
  expect(versions).toEqual([...versions].sort(compareVersions));
  const all = versions.flatMap((v) => Object.keys(releases[v]));
  expect(all.length, "every release adds a migration").toBeGreaterThanOrEqual(versions.length);
  expect(all).toEqual(migrations.slice(0, all.length).map((m) => m.name));
  expect(Object.keys(releases["0.1.0"])).toEqual(["000001-foundation.sql", "000002-worker-protocol.sql", "000003-administration.sql"]);
});

it.each(versions)("the migration files released in %s are unchanged, headers included", (version) => {
  for (const [name, digest] of Object.entries(releases[version])) {
    const path = join(MIGRATIONS_DIR, name);
    expect(existsSync(path), `${name} (released in ${version}) still exists under its name`).toBe(true);
    const actual = `sha256:${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
    expect(actual, `${name} (released in ${version}) was edited`).toBe(digest);
  }
});

it.each(versions)("%s's install script, kept as a fixture, records the same migrations", (version) => {
  const installScript = releaseFile(version, "install.sql");
  expect(existsSync(installScript), `tests/fixtures/releases/${version}/install.sql exists`).toBe(true);
  const script = readFileSync(installScript, "utf8");
  const released = through(version);
  const ledger = [...script.matchAll(/^ {2}\((\d+), '([^']+)', '(sha1:[0-9a-f]{40})'\)[,;]$/gm)].map((m) => ({
    id: Number(m[1]),
    name: m[2],
    hash: m[3],
  }));
  expect(ledger.map((row) => row.name), "the release's list matches its install script's ledger").toEqual(released);
  for (const row of ledger) {
    const migration = migrations[row.id - 1];
    expect(migration.name).toBe(row.name);
    expect(migration.hash, `${row.name}'s hash`).toBe(row.hash);
    expect(script.includes(withSchema(migration.body, "graphile_worker")), `${row.name}'s body is in the script`).toBe(true);
  }
});

it("has a fixture folder for every release and a release for every fixture folder", () => {
  expect(releaseFixtures()).toEqual(versions);
});
