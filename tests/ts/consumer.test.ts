// The package as its users get it: `npm pack`ed, installed into a scratch
// app beside nothing but its declared dependencies, with an ESM and a
// CommonJS consumer project in it, type-checked with skipLibCheck off (the
// README's TypeScript example, and typed tasks, events and withPgClient), and
// run against a real database. Nothing is downloaded: the package's
// dependencies are linked from this repository's node_modules. One tsc
// program checks both projects (each file's module kind comes from its
// folder's package.json). Needs `npm run build` first (npm test does it).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { ROOT } from "./helpers/fixtures";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

let scratch: string;
let app: string;
let packed: { name: string; dependencies: Record<string, string>; exports: unknown };
let db: TestDatabase;
let checked: { status: number | null; output: string; files: string[] };

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  scratch = mkdtempSync(join(tmpdir(), "gw-consumer-"));
  // --ignore-scripts: prepack would rebuild dist/ under the feet of the other test files.
  const [pack] = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  const unpacked = join(scratch, "unpacked");
  mkdirSync(unpacked);
  execFileSync("tar", ["xzf", join(scratch, pack.filename), "-C", unpacked, "--strip-components=1"]);
  packed = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8"));

  // The app: the package in node_modules, its declared dependencies linked
  // (each resolves its own from this repository), and the app's own
  // typescript and @types/node.
  app = join(scratch, "app");
  const modules = join(app, "node_modules");
  mkdirSync(modules, { recursive: true });
  // Extracted, not linked: a link's real path would resolve the package's dependencies outside the app.
  mkdirSync(join(modules, packed.name));
  execFileSync("tar", ["xzf", join(scratch, pack.filename), "-C", join(modules, packed.name), "--strip-components=1"]);
  for (const name of [...Object.keys(packed.dependencies), "typescript", "@types/node"]) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", name), join(modules, name), "dir");
  }
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        skipLibCheck: false,
        // TypeScript's own lib.*.d.ts only; the package's and its dependencies' types are checked.
        skipDefaultLibCheck: true,
        types: ["node"],
      },
      include: ["esm/*.ts", "cjs/*.ts"],
    }),
  );
  for (const kind of ["esm", "cjs"] as const) {
    const dir = join(app, kind);
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: kind === "esm" ? "module" : "commonjs" }));
    const wrap = kind === "esm" ? (source: string) => source : wrapForCommonJs;
    writeFileSync(join(dir, "readme.ts"), wrap(readmeExample()));
    writeFileSync(join(dir, "checks.ts"), CHECKS);
    writeFileSync(join(dir, "run.ts"), wrap(RUN));
  }
  const tsc = spawnSync(process.execPath, [TSC, "-p", ".", "--listFiles"], { cwd: app, encoding: "utf8" });
  checked = {
    status: tsc.status,
    output: tsc.stdout + tsc.stderr,
    files: tsc.stdout.split("\n").filter((line) => line.startsWith("/")),
  };
  db = await createTestDatabase({ migrated: false });
});

afterAll(async () => {
  await db?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The README's TypeScript example (top-level await: ESM only as written). */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## TypeScript\n"));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error("README.md has no ```ts block in its TypeScript section");
  return match[1];
}

/**
 * A module body made CommonJS-friendly: imports and `declare global` blocks
 * stay at the top, everything else runs inside an async main().
 */
function wrapForCommonJs(source: string): string {
  const top: string[] = [];
  const body: string[] = [];
  let inGlobal = false;
  for (const line of source.split("\n")) {
    if (line.startsWith("import ")) top.push(line);
    else if (line.startsWith("declare global")) (inGlobal = true), top.push(line);
    else if (inGlobal) {
      top.push(line);
      if (line === "}") inGlobal = false;
    } else body.push(`  ${line}`);
  }
  return `${top.join("\n")}\n\nasync function main(): Promise<void> {\n${body.join("\n")}\n}\nmain().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});\n`;
}

/** What the README claims about types, from the outside: each @ts-expect-error must be an error. */
const CHECKS = `import { run, runOnce, type Runner, type TaskList } from "pg-job-queue";

declare global {
  namespace GraphileWorker {
    interface Tasks {
      send_email: { to: string };
    }
  }
}

export async function checks(connectionString: string): Promise<Runner> {
  const taskList: TaskList = {
    send_email: async (payload, { withPgClient, job }) => {
      const to: string = payload.to;
      // @ts-expect-error: the declared payload has no such field
      void payload.cc;
      const n: number = await withPgClient(async (client) => (await client.query<{ n: number }>("select 1 as n")).rows[0].n);
      // @ts-expect-error: the client is pg's PoolClient, not any
      await withPgClient((client) => client.notAMethod());
      void [to, n, job.id.toUpperCase()];
    },
    // An undeclared task takes any payload.
    resize_image: async (payload) => void payload.width,
  };
  await runOnce({ connectionString, taskList });
  // @ts-expect-error: a task with the wrong payload type for a declared task
  await runOnce({ connectionString, taskList: { send_email: async (payload: { to: number }) => void payload } });
  const runner = await run({ connectionString, taskList });
  runner.events.on("job:error", ({ job, willRetry, error }) => {
    const retry: boolean = willRetry;
    void [job.task_identifier, retry, error];
  });
  // @ts-expect-error: no such event
  runner.events.on("job:exploded", () => {});
  // @ts-expect-error: job:success has no error
  runner.events.on("job:success", ({ error }) => void error);
  return runner;
}
`;

/** Migrates, adds a typed job, and runs it with runOnce: prints what the task saw. */
const RUN = `import { consoleLogger, makeWorkerUtils, runOnce } from "pg-job-queue";

declare global {
  namespace GraphileWorker {
    interface Tasks {
      send_email: { to: string };
    }
  }
}

const connectionString = process.env.DATABASE_URL!;
const utils = await makeWorkerUtils({ connectionString });
await utils.migrate();
await utils.addJob("send_email", { to: process.env.SEND_TO! });
const sent: string[] = [];
await runOnce({
  connectionString,
  logger: consoleLogger("warn"), // a failed attempt shows on stderr
  taskList: {
    send_email: async (payload, { withPgClient }) => {
      const { rows } = await withPgClient((client) => client.query<{ db: string }>("select current_database() as db"));
      sent.push(\`\${payload.to}@\${rows[0].db}\`);
    },
  },
});
const left = await utils.withPgClient((client) => client.query("select id from graphile_worker.jobs"));
await utils.release();
console.log(JSON.stringify({ sent, left: left.rowCount }));
`;

it("the README's TypeScript example and typed tasks type-check in ESM and CommonJS consumers, skipLibCheck off", () => {
  expect(checked.output.split("\n").filter((line) => /error TS\d+/.test(line)), checked.output).toEqual([]);
  expect(checked.status, checked.output).toBe(0);
  // The package's types come from the tarball, pg's from @types/pg (a dependency),
  // and no generated query type brings pgtyped's into the public surface.
  expect(checked.files.filter((f) => f.endsWith(`/app/node_modules/${packed.name}/dist/index.d.ts`))).toHaveLength(1);
  expect(checked.files.some((f) => f.includes("/@types/pg/"))).toBe(true);
  expect(checked.files.filter((f) => f.includes("@pgtyped") || f.includes("/generated/"))).toEqual([]);
  // Each file compiled as its folder says.
  expect(readFileSync(join(app, "esm", "run.js"), "utf8")).toMatch(/^import \{/m);
  expect(readFileSync(join(app, "cjs", "run.js"), "utf8")).toMatch(/require\("pg-job-queue"\)/);
});

describe.each(["esm", "cjs"] as const)("a %s consumer", (kind) => {
  it("migrates, adds a typed job, and runOnce runs it", () => {
    expect(checked.status, "the consumer did not compile").toBe(0);
    const result = spawnSync(process.execPath, [join(app, kind, "run.js")], {
      cwd: join(app, kind),
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: db.url, SEND_TO: `${kind}-user` },
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    // The first run migrates the empty database; each finds the job it added, and leaves none.
    const ran = JSON.parse(result.stdout.trim().split("\n").pop()!);
    expect(ran, result.stderr).toEqual({ sent: [`${kind}-user@${db.name}`], left: 0 });
  });
});

it("the package ships what it needs, and its metadata", () => {
  expect(packed.dependencies.pg).toMatch(/^\^8\./);
  expect(packed.dependencies["@types/pg"]).toMatch(/^\^8\./);
  // CommonJS only: types first, then the one build for require and import alike.
  const main = (packed.exports as Record<string, Record<string, string>>)["."];
  expect(Object.entries(main)[0]).toEqual(["types", "./dist/index.d.ts"]);
  expect(new Set(Object.values(main).slice(1))).toEqual(new Set(["./dist/index.js"]));
  const unpacked = join(scratch, "unpacked");
  for (const file of ["LICENSE", "README.md", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "migrations/committed/000001-foundation.sql", "sql/schema"]) {
    expect(existsSync(join(unpacked, file)), file).toBe(true);
  }
  expect(readFileSync(join(unpacked, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} pg-job-queue contributors\n/);
  // Source maps carry their sources (src/ is not shipped).
  const map = JSON.parse(readFileSync(join(unpacked, "dist", "runner", "runner.js.map"), "utf8"));
  expect(map.sourcesContent?.[0]).toContain("export class Runner");
  expect(existsSync(join(unpacked, "src"))).toBe(false);
  expect(existsSync(join(unpacked, "tests"))).toBe(false);
});
