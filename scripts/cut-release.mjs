// Cuts a release's record (run `npm run build` first):
//   node scripts/cut-release.mjs 0.2.0
// 1. adds to migrations/releases.json the committed migrations no earlier
//    release lists, each with the SHA-256 of its file (from now on frozen);
// 2. writes tests/fixtures/releases/<version>/install.sql, this version's
//    install script (the fixture upgrades are tested from), and copies the
//    worker protocol's query files beside it.
// fill.sql and upgraded.sql are written by hand: start from the previous
// release's, with this release's functions.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const version = process.argv[2];
if (!/^\d+\.\d+\.\d+$/.test(version ?? "")) {
  console.error("usage: node scripts/cut-release.mjs <version such as 0.2.0>");
  process.exit(2);
}
const { installSql, loadMigrations } = await import("../dist/migrate.js");

const releasesFile = join(root, "migrations", "releases.json");
const releases = JSON.parse(readFileSync(releasesFile, "utf8"));
if (releases[version]) {
  console.error(`release ${version} is cut already`);
  process.exit(1);
}
const released = new Set(Object.values(releases).flatMap((files) => Object.keys(files)));
const added = loadMigrations().filter((m) => !released.has(m.name));
if (added.length === 0) {
  console.error("no migration was committed since the last release");
  process.exit(1);
}
releases[version] = Object.fromEntries(
  added.map((m) => [
    m.name,
    `sha256:${createHash("sha256").update(readFileSync(join(root, "migrations", "committed", m.name))).digest("hex")}`,
  ]),
);
writeFileSync(releasesFile, `${JSON.stringify(releases, null, 2)}\n`);

const fixture = join(root, "tests", "fixtures", "releases", version);
mkdirSync(fixture, { recursive: true });
writeFileSync(join(fixture, "install.sql"), installSql());
for (const file of ["worker.sql", "admin.sql"]) copyFileSync(join(root, "sql", "queries", file), join(fixture, file));
console.log(`release ${version}: ${added.map((m) => m.name).join(", ")}`);
if (!existsSync(join(fixture, "fill.sql"))) console.log(`now write ${join("tests", "fixtures", "releases", version, "fill.sql")} and upgraded.sql`);
