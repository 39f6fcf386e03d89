// Runs pgtyped over sql/queries against a freshly migrated database.
// pgtyped exits 0 even when a query is invalid (it prints the error and emits
// `never` types), so its output is scanned and any error fails the run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";

const ROOT = resolve(import.meta.dirname, "..", "..");
export const GENERATED_DIR = join(ROOT, "src", "generated");

async function migrated(url) {
  const { migrate } = await import(join(ROOT, "dist", "migrate.js"));
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}

/** Generates the bindings into `outDir` from a migrated database at `url`. */
export async function generate(url, outDir) {
  await migrated(url);
  const base = JSON.parse(readFileSync(join(ROOT, "pgtyped.config.json"), "utf8"));
  const config = {
    ...base,
    transforms: base.transforms.map((t) => ({ ...t, emitTemplate: join(outDir, "{{name}}.queries.ts") })),
  };
  const work = mkdtempSync(join(tmpdir(), "pgtyped-"));
  const configPath = join(work, "pgtyped.config.json");
  writeFileSync(configPath, JSON.stringify(config));
  try {
    const result = spawnSync("npx", ["pgtyped", "-c", configPath, "--uri", url], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0 || /Error|is invalid|anonymous column/.test(output)) {
      throw new Error(`pgtyped failed:\n${output}`);
    }
    const missing = readdirSync(join(ROOT, "sql", "queries"))
      .filter((f) => f.endsWith(".sql"))
      .map((f) => f.replace(/\.sql$/, ".queries.ts"))
      .filter((f) => !existsSync(join(outDir, f)));
    if (missing.length) {
      throw new Error(`pgtyped did not generate ${missing.join(", ")}:\n${output}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Regenerates into a temporary folder and fails on any difference with src/generated. */
export async function checkGenerated(url) {
  const out = mkdtempSync(join(tmpdir(), "generated-"));
  try {
    await generate(url, out);
    const list = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".ts")).sort() : []);
    const fresh = list(out);
    const committed = list(GENERATED_DIR);
    const differences = [];
    for (const name of new Set([...fresh, ...committed])) {
      const a = fresh.includes(name) ? readFileSync(join(out, name), "utf8") : null;
      const b = committed.includes(name) ? readFileSync(join(GENERATED_DIR, name), "utf8") : null;
      if (a !== b) differences.push(name);
    }
    if (differences.length) {
      throw new Error(
        `src/generated differs from what pgtyped generates (${differences.join(", ")}); run \`npm run generate\``,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
