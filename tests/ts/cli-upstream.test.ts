// graphile-worker's own command line, spawned as its users run it: a bare
// `graphile-worker` in a project whose tasks are in ./tasks, -c, --once,
// --schema-only, --cleanup, -j, --version, -h, the PG* variables, short usage
// errors, and JSON logs.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { BIN, ROOT, until } from "./helpers/fixtures";

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

let db: TestDatabase;
let project: string;

/** The binary in the project folder; DATABASE_URL only when env gives it. */
function cli(args: string[], env: Record<string, string | undefined> = {}, cwd = project): Promise<Result> & { kill(): void } {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: undefined, GRAPHILE_WORKER_LOG_LEVEL: "warning", ...env };
  for (const key of Object.keys(fullEnv)) if (fullEnv[key] === undefined) delete fullEnv[key];
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: fullEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<Result>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { kill: () => void child.kill("SIGTERM") });
}

/** The PG* variables that reach the test database. */
function pgEnv(): Record<string, string | undefined> {
  const url = new URL(db.url);
  return {
    PGHOST: url.hostname,
    PGPORT: url.port || "5432",
    PGUSER: decodeURIComponent(url.username) || "postgres",
    PGPASSWORD: decodeURIComponent(url.password) || undefined,
    PGDATABASE: db.name,
  };
}

const count = async (sql: string) => Number((await db.pool.query(sql)).rows[0].n);

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  project = mkdtempSync(join(tmpdir(), "gw-cli-upstream-"));
  mkdirSync(join(project, "tasks", "reports"), { recursive: true });
  const record = `async (payload, helpers) => { await helpers.query("insert into cli_runs values ($1, $2)", [helpers.job.task_identifier, JSON.stringify(payload)]); }`;
  writeFileSync(join(project, "tasks", "hello.js"), `module.exports = ${record};`);
  writeFileSync(join(project, "tasks", "reports", "daily.mjs"), `export default ${record};`);
});
afterAll(async () => {
  await db.drop();
  rmSync(project, { recursive: true, force: true });
});

describe("graphile-worker with no command", () => {
  it("--schema-only with -c migrates an empty database; --once -j 2 runs ./tasks (nested too) from the PG* variables alone", async () => {
    const schema = await cli(["-c", db.url, "--schema-only"]);
    expect(schema).toMatchObject({ code: 0, stdout: "Schema updated\n" });
    await db.pool.query("create table cli_runs (task text, payload text)");
    // Our subcommands connect from PG* too.
    const added = await Promise.all([
      cli(["add", "hello", "--payload", '{"n": 12345678901234567891}'], pgEnv()),
      cli(["add", "reports/daily"], pgEnv()),
    ]);
    expect(added.map((r) => r.code)).toEqual([0, 0]);
    const once = await cli(["--once", "-j", "2", "--poll-interval", "250"], pgEnv());
    expect(once).toMatchObject({ code: 0, stdout: "" });
    const { rows } = await db.pool.query("select task, payload from cli_runs order by task");
    // The payload reached the task as JSON.parse read it (digits past 2^53 are the task's to keep).
    expect(rows.map((r) => r.task)).toEqual(["hello", "reports/daily"]);
    expect(await count("select count(*) as n from graphile_worker.jobs")).toBe(0);
  });

  it("runs ./tasks until SIGTERM, logging JSON lines with each job's start and success at debug", async () => {
    const worker = cli(["--log-format", "json", "--log-level", "debug", "--poll-interval", "100"], { DATABASE_URL: db.url });
    await db.pool.query("select graphile_worker.add_job('hello', '{\"via\": \"sql\"}')");
    await until(async () => (await count("select count(*) as n from cli_runs where payload like '%sql%'")) === 1, 10_000, "the job");
    await until(async () => (await count("select count(*) as n from graphile_worker.jobs")) === 0, 10_000, "its completion");
    worker.kill();
    const result = await worker;
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines.every((l) => typeof l.time === "string" && ["debug", "info", "warning", "error"].includes(l.level))).toBe(true);
    const job = lines.filter((l) => l.taskIdentifier === "hello");
    expect(job.map((l) => l.message)).toEqual([
      expect.stringMatching(/^job \d+ \(hello\) started, attempt 1\/25$/),
      expect.stringMatching(/^job \d+ \(hello\) succeeded in [\d.]+ ms$/),
    ]);
    expect(job[1]).toMatchObject({ level: "debug", durationMs: expect.any(Number), jobId: expect.any(String) });
  });

  it("--cleanup runs the named tasks; `cleanup` with none deletes no failed job (GC_JOB_QUEUES only, as graphile-worker)", async () => {
    await db.pool.query("select graphile_worker.add_job('gone', queue_name := 'q1', max_attempts := 1)");
    await db.pool.query("select graphile_worker.permanently_fail_jobs(array(select id from graphile_worker.jobs))");
    const byDefault = await cli(["cleanup", "--json"], { DATABASE_URL: db.url });
    expect(JSON.parse(byDefault.stdout)).toEqual({ tasks: [{ task: "GC_JOB_QUEUES", deleted: expect.any(Number) }] });
    expect(await count("select count(*) as n from graphile_worker.jobs")).toBe(1);
    const named = await cli(["--cleanup", "DELETE_PERMAFAILED_JOBS,GC_JOB_QUEUES", "--json"], { DATABASE_URL: db.url });
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).tasks).toEqual(
      expect.arrayContaining([{ task: "DELETE_PERMAFAILED_JOBS", deleted: 1 }, { task: "GC_JOB_QUEUES", deleted: 1 }]),
    );
    expect(await count("select count(*) as n from graphile_worker.jobs")).toBe(0);
  });

  it("refuses a TypeScript task it cannot load, naming the file, instead of skipping it", async () => {
    const other = mkdtempSync(join(tmpdir(), "gw-cli-ts-"));
    try {
      mkdirSync(join(other, "tasks"));
      writeFileSync(join(other, "tasks", "typed.ts"), "export default async (payload: unknown): Promise<void> => {};");
      const result = await cli(["--once"], { DATABASE_URL: db.url }, other);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `Error: cannot load task ${join(other, "tasks", "typed.ts")}: no TypeScript loader is registered in this process; ` +
          "compile it to .js, or start node with a loader (node --import tsx, node -r ts-node/register)\n",
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("help, version and usage errors", () => {
  it("--version prints the package's version; -h the usage with graphile-worker's options and our commands", async () => {
    const [version, help] = await Promise.all([cli(["--version"]), cli(["-h"])]);
    expect(version).toEqual({ code: 0, stdout: `${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`, stderr: "" });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: graphile-worker \[options\] +migrate, then run the tasks of \.\/tasks/);
    for (const option of ["--once", "--schema-only", "--cleanup TASKS", "-j, --jobs N", "-c, --database-url URL", "-h, --help"]) {
      expect(help.stdout).toContain(`  ${option} `);
    }
    expect(help.stdout).toMatch(/^ {2}migrate {2,}Create or update/m);
  });

  // (docs/bad-input.md has a row for each refusal of this command line.)
  it("answers a usage error with one line and where the help is, exit 2, before connecting", async () => {
    const cases: [string[], string, string][] = [
      [["-jmany"], '--jobs must be a whole number (got "many")', "graphile-worker"],
      [["list", "--bogus"], "unknown option --bogus", "graphile-worker list"],
    ];
    const results = await Promise.all(cases.map(([args]) => cli(args, { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" })));
    results.forEach((result, i) => {
      const [args, message, help] = cases[i];
      expect(result, args.join(" ")).toEqual({ code: 2, stdout: "", stderr: `Error: ${message}\nRun \`${help} --help\` for usage.\n` });
    });
  });

  it("with nowhere to connect, says so in graphile-worker's words", async () => {
    const result = await cli(["--once"], { PGDATABASE: undefined });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: "Error: Please use `--connection` flag, set `DATABASE_URL` or `PGDATABASE` envvars to indicate the PostgreSQL connection to use.\n",
    });
  });
});
