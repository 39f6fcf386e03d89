// Adopting a graphile-worker database: the real graphile-worker packages
// (0.16.6 and 0.17.3) build a database and fill it through their own API and
// SQL (jobs in every state, one held by a live graphile-worker process,
// crontab rows, a user's trigger and SQL function calling add_job); migrate
// converts it; every job keeps its fields, the user's code keeps working and
// the runner runs the jobs. Also: what adoption refuses, and pgTAP on an
// adopted schema.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as upstream17 from "graphile-worker";
import * as upstream16 from "graphile-worker-0.16";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { makeWorkerUtils, migrate, previewMigration, runOnce, silentLogger } from "../../src/index";
import { createTestDatabase, serverUrl, type TestDatabase } from "./helpers/db";
import { BIN, ROOT, until } from "./helpers/fixtures";

const UPSTREAM = [
  { version: "0.16", migration: 18, module: "graphile-worker-0.16", api: upstream16 as unknown as UpstreamApi, adoptWith: "cli" },
  { version: "0.17", migration: 19, module: "graphile-worker", api: upstream17 as unknown as UpstreamApi, adoptWith: "utils" },
] as const;

/** What the tests use of graphile-worker's JavaScript API (the same in 0.16 and 0.17). */
interface UpstreamApi {
  makeWorkerUtils(options: { connectionString: string }): Promise<{
    migrate(): Promise<void>;
    addJob(identifier: string, payload?: unknown, spec?: Record<string, unknown>): Promise<{ id: string }>;
    completeJobs(ids: string[]): Promise<unknown[]>;
    permanentlyFailJobs(ids: string[], reason?: string): Promise<unknown[]>;
    rescheduleJobs(ids: string[], options: { runAt?: Date }): Promise<unknown[]>;
    release(): Promise<void>;
  }>;
}

const databases: TestDatabase[] = [];
const processes: ChildProcess[] = [];
const roles: string[] = [];
afterEach(async () => {
  for (const child of processes.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
  await Promise.all(databases.splice(0).map((db) => db.drop()));
  for (const role of roles.splice(0)) await admin(`drop role if exists ${role}`);
});

/** A statement on the server's maintenance database (roles are cluster-wide). */
async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * An empty database into which graphile-worker installs its schema with its
 * own migrator, connected as `owner` (default: the test's superuser).
 */
async function upstreamDatabase(api: UpstreamApi, owner?: string) {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  const url = new URL(db.url);
  if (owner) {
    await db.pool.query(`grant create on database ${db.name} to ${owner}`);
    url.username = owner;
  }
  const utils = await api.makeWorkerUtils({ connectionString: url.toString() });
  await utils.migrate();
  return { db, utils };
}

function roleName(): string {
  const name = `gwtest_role_${randomBytes(4).toString("hex")}`;
  roles.push(name);
  return name;
}

function cli(args: string[], url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args, "--database-url", url], (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Everything adoption must keep, read the same way from upstream's tables and from ours. */
async function snapshot(db: TestDatabase, ours: boolean) {
  const jobs = ours
    ? `select id::text, task_identifier, queue_name, payload::text, priority, run_at::text, attempts, max_attempts,
         last_error, key, revision, flags, created_at::text, updated_at::text, locked_at::text, locked_by
       from graphile_worker._private_jobs as jobs order by jobs.id`
    : `select jobs.id::text, tasks.identifier as task_identifier, queues.queue_name, jobs.payload::text, jobs.priority,
         jobs.run_at::text, jobs.attempts, jobs.max_attempts, jobs.last_error, jobs.key, jobs.revision, jobs.flags,
         jobs.created_at::text, jobs.updated_at::text, jobs.locked_at::text, jobs.locked_by
       from graphile_worker._private_jobs as jobs
       join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
       left join graphile_worker._private_job_queues as queues on queues.id = jobs.job_queue_id
       order by jobs.id`;
  const query = async (sql: string) => (await db.pool.query(sql)).rows;
  return {
    jobs: await query(jobs),
    // The jobs view has the same columns before and after.
    states: await query(`
      select case when locked_at is not null then 'locked' when attempts >= max_attempts then 'failed'
                  when run_at <= now() then 'ready' else 'scheduled' end as state, count(*)::int as n
      from graphile_worker.jobs group by 1 order by 1`),
    queues: await query("select queue_name, locked_at::text, locked_by from graphile_worker._private_job_queues order by 1"),
    tasks: await query("select identifier from graphile_worker._private_tasks order by 1"),
    crontabs: await query("select identifier, known_since::text, last_execution::text from graphile_worker._private_known_crontabs order by 1"),
  };
}

/** The database's objects, to show that a refused or dry run leaves none behind. */
async function catalogCounts(db: TestDatabase) {
  const { rows } = await db.pool.query(
    "select (select count(*) from pg_class)::int as classes, (select count(*) from pg_proc)::int as procs, (select count(*) from pg_namespace)::int as schemas",
  );
  return rows[0];
}

/** The schema's definition, as pg_dump prints it, without graphile-worker's crontab table. */
function dumpSchema(db: TestDatabase): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      "pg_dump",
      ["--schema-only", "--no-owner", "--schema=graphile_worker", "--exclude-table=graphile_worker._private_known_crontabs", db.url],
      (error, stdout) => (error ? reject(error) : resolve(stdout.replace(/^\\(un)?restrict .*$/gm, ""))),
    ),
  );
}

async function ledgerColumns(db: TestDatabase): Promise<string> {
  const { rows } = await db.pool.query(
    "select string_agg(attname, ',' order by attname) as columns from pg_attribute where attrelid = 'graphile_worker.migrations'::regclass and attnum > 0 and not attisdropped",
  );
  return rows[0].columns;
}

describe.each(UPSTREAM)("a graphile-worker $version database", ({ version, migration, module, api, adoptWith }) => {
  it("is adopted with every job, its crontab rows and the user's code; the runner then runs its jobs", async () => {
    const { db, utils: upstream } = await upstreamDatabase(api);
    const sql = (text: string, params: unknown[] = []) => db.pool.query(text, params);

    // The user's code: a trigger and a `language sql` function calling
    // add_job, and a view over the jobs view.
    await sql(`
      create table app_users (id serial primary key, email text not null);
      create function app_user_added() returns trigger language plpgsql as $$
      begin
        perform graphile_worker.add_job('welcome', json_build_object('user_id', new.id), queue_name := 'emails');
        return new;
      end $$;
      create trigger app_user_added after insert on app_users for each row execute function app_user_added();
      create function enqueue_report(n int) returns bigint language sql as $$
        select (graphile_worker.add_job('report', json_build_object('n', n), job_key := 'report-' || n)).id
      $$;
      create view failed_jobs as select id, task_identifier, last_error from graphile_worker.jobs where attempts >= max_attempts;
      insert into app_users (email) values ('before@example.com');
      select enqueue_report(1);
    `);

    // Jobs in every state, through graphile-worker's API and SQL.
    await upstream.addJob("send_email", { to: "ada@example.com" });
    await upstream.addJob("send_email", { to: "later" }, { runAt: new Date(Date.now() + 3_600_000) });
    await upstream.addJob("send_email", { n: 1 }, { queueName: "emails" });
    await upstream.addJob("send_email", { n: 2 }, { queueName: "emails", priority: 5, maxAttempts: 7 });
    await upstream.addJob("keyed", { v: 1 }, { jobKey: "k1" });
    await upstream.addJob("keyed", { v: 2 }, { jobKey: "k1" });
    await upstream.addJob("digest", [1, 2], { jobKey: "digest:today" });
    await upstream.addJob("digest", [3], { jobKey: "digest:today" });
    await upstream.addJob("flagged", {}, { flags: ["slow", "big"], priority: -3 });
    const perma = await upstream.addJob("send_email", { to: "nobody" });
    await upstream.permanentlyFailJobs([perma.id], "gave up");
    await sql(`select graphile_worker.add_job('raw', '{"b":1,  "a": 12345678901234567890123, "a": "dup", "ü": "\\u00fc"}')`);
    await sql(`select graphile_worker.add_jobs(array[
      row('bulk', '{"n":1}', null, null, null, null, null, null),
      row('bulk', '{"n":2}', 'bulk_q', null, 3, 'bulk-key', 1, array['x'])]::graphile_worker.job_spec[])`);
    const {
      rows: [stale],
    } = await sql("select (graphile_worker.add_job('stale', '{}', 'stale_q')).id::text as id");
    await sql(
      "insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution) values ('hourly', now() - interval '30 days', now() - interval '1 hour')",
    );
    // A graphile-worker process runs `hold` (it never finishes), fails
    // `flaky` once (then the retry is moved an hour away) and `doomed` for
    // good, and registers its crontab. Then it dies, holding `hold`.
    const hold = await upstream.addJob("hold", {}, { queueName: "holding" });
    const flaky = await upstream.addJob("flaky", { try: 1 }, { maxAttempts: 3 });
    await upstream.addJob("doomed", {}, { maxAttempts: 1 });
    const worker = spawn(process.execPath, [join(ROOT, "tests", "fixtures", "graphile-worker-upstream.cjs"), module, db.url], {
      stdio: "ignore",
    });
    processes.push(worker);
    const count = async (where: string) =>
      Number((await sql(`select count(*)::int as n from graphile_worker.jobs where ${where}`)).rows[0].n);
    await until(
      async () =>
        (await count("task_identifier = 'hold' and locked_at is not null")) === 1 &&
        (await count("task_identifier in ('flaky', 'doomed') and attempts >= 1 and locked_at is null")) === 2,
      15_000,
      "graphile-worker to take its jobs",
    );
    // (A reschedule misses the job while a retry holds it, for milliseconds.)
    await until(async () => (await upstream.rescheduleJobs([flaky.id], { runAt: new Date(Date.now() + 3_600_000) })).length === 1);
    await until(async () => (await sql("select 1 from graphile_worker._private_known_crontabs where identifier = 'nightly'")).rowCount === 1);
    worker.kill("SIGKILL");
    await new Promise((resolve) => worker.once("exit", resolve));
    // Locked long ago by a worker that is gone (its fetch counted the attempt).
    // (A live graphile-worker would release this lock within a minute.)
    await sql("update graphile_worker._private_jobs set locked_at = now() - interval '5 hours', locked_by = 'gone-worker', attempts = 1 where id = $1", [stale.id]);
    await sql("update graphile_worker._private_job_queues set locked_at = now() - interval '5 hours', locked_by = 'gone-worker' where queue_name = 'stale_q'");
    // The highest id upstream handed out belongs to a completed job.
    const gone = await upstream.addJob("gone");
    await upstream.completeJobs([gone.id]);
    await upstream.release();

    const before = await snapshot(db, false);
    expect(before.states).toEqual([
      { state: "failed", n: 2 },
      { state: "locked", n: 2 },
      { state: "ready", n: 11 },
      { state: "scheduled", n: 2 },
    ]);
    const objects = await catalogCounts(db);
    const unchanged = async () => {
      expect(await ledgerColumns(db)).toBe("breaking,id,ts");
      expect(await catalogCounts(db)).toEqual(objects);
      expect(await snapshot(db, false)).toEqual(before);
    };

    // The dry run reports and changes nothing; migrate refuses while the
    // worker's lock is fresh.
    const dry = await cli(["migrate", "--dry-run", "--json"], db.url);
    expect(dry.code).toBe(1);
    const preview = JSON.parse(dry.stdout);
    expect(preview).toMatchObject({ action: "refuse", target: expect.any(Number) });
    expect(preview.adoption).toMatchObject({
      upstream_migration: migration,
      upstream_version: version,
      jobs: { total: 17, ready: 11, scheduled: 2, waiting_for_retry: 1, locked: 2, locked_recently: 1, failed: 2 },
      queues: { total: 4, locked: 2, locked_recently: 1 },
      tasks: { total: 13 },
      crontabs: 2,
      next_job_id: String(Number(gone.id) + 1),
      kept: ["view public.failed_jobs depends on view graphile_worker.jobs"],
      recent_locks: { jobs: [{ id: hold.id, task_identifier: "hold", queue_name: "holding" }], queues: [{ queue_name: "holding" }] },
    });
    expect(preview.refusals).toEqual([expect.stringMatching(/^graphile-worker workers \(.+\) locked 1 job\(s\) \(ids \d+\) and 1 named queue\(s\) \(holding\) less than 4 hours ago.*--take-over-locks/)]);
    const human = await cli(["migrate", "--dry-run", "--take-over-locks"], db.url);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^schema graphile_worker was built by graphile-worker ${version} \\(its migration ${migration}\\); migrate would convert it`));
    expect(human.stdout).toMatch(/^jobs +17: 11 ready, 2 scheduled \(1 waiting for a retry\), 2 locked \(1 in the last 4 hours\), 2 permanently failed/m);
    expect(human.stdout).toMatch(/nothing was changed \(dry run\)\n$/);
    await expect(migrate(db.pool)).rejects.toThrow(/locked 1 job\(s\) .* less than 4 hours ago, and would fail on the converted tables/);
    await expect(previewMigration(db.pool, { takeOverLocks: true })).resolves.toMatchObject({ action: "adopt", refusals: [] });
    await unchanged();

    // The worker is gone for good: its lock is taken over.
    if (adoptWith === "cli") {
      const adopted = await cli(["migrate", "--take-over-locks"], db.url);
      expect(adopted.code, adopted.stderr).toBe(0);
      expect(adopted.stdout).toMatch(
        new RegExp(`^schema graphile_worker adopted from graphile-worker ${version}: 17 jobs \\(11 ready, 2 scheduled, 2 locked, 2 permanently failed\\), 4 named queues, 13 tasks, 2 crontab rows; now at migration \\d+\\n$`),
      );
    } else {
      const utils = await makeWorkerUtils({ connectionString: db.url });
      try {
        const result = await utils.migrate({ takeOverLocks: true });
        expect(result.adopted).toMatchObject({ upstream_version: version, taken_over: { jobs: 1, queues: 1 }, refusals: [] });
      } finally {
        await utils.release();
      }
    }

    // Every job kept, but the taken-over one: unlocked, its attempt counted.
    const after = await snapshot(db, true);
    const taken = after.jobs.find((j) => j.id === hold.id);
    expect(taken).toMatchObject({ locked_at: null, locked_by: null, attempts: 1 });
    expect(taken.last_error).toMatch(/^taken over when this schema was adopted from graphile-worker: worker .+ had been running this job since/);
    const expected = before.jobs.map((j) =>
      j.id === hold.id ? { ...j, locked_at: null, locked_by: null, last_error: taken.last_error, updated_at: taken.updated_at } : j,
    );
    expect(after.jobs).toEqual(expected);
    expect(after.states).toEqual([
      { state: "failed", n: 2 },
      { state: "locked", n: 1 },
      { state: "ready", n: 12 },
      { state: "scheduled", n: 2 },
    ]);
    expect(after.queues).toEqual(before.queues.map((q) => (q.queue_name === "holding" ? { ...q, locked_at: null, locked_by: null } : q)));
    expect(after.tasks).toEqual(before.tasks);
    expect(after.crontabs).toEqual(before.crontabs);
    expect(await ledgerColumns(db)).toBe("applied_at,hash,id,name");

    // The user's trigger, function and view keep working; ids continue
    // after the last one upstream handed out.
    await sql("insert into app_users (email) values ('after@example.com')");
    const { rows: report } = await sql("select enqueue_report(2) as id");
    const { rows: welcome } = await sql("select id::text, queue_name, payload::text from graphile_worker._private_jobs where task_identifier = 'welcome' order by id");
    expect(welcome.map((w) => w.payload)).toEqual(['{"user_id" : 1}', '{"user_id" : 2}']);
    expect(welcome[1]).toMatchObject({ id: String(Number(gone.id) + 1), queue_name: "emails" });
    expect(report[0].id).toBe(String(Number(gone.id) + 2));
    expect((await sql("select task_identifier from failed_jobs order by id")).rows.map((r) => r.task_identifier)).toEqual(["send_email", "doomed"]);

    // The runner runs them: everything due, the taken-over job, and (once
    // its 4-hour lock is released) the stale one; what is left is future,
    // waiting for a retry, or permanently failed.
    await sql("select graphile_worker.release_stale_locks()");
    const ran: { task: string; payload: unknown }[] = [];
    const record = (task: string) => async (payload: unknown) => void ran.push({ task, payload });
    await runOnce({
      connectionString: db.url,
      logger: silentLogger,
      handleSignals: false,
      taskList: Object.fromEntries(
        ["send_email", "keyed", "digest", "flagged", "raw", "bulk", "stale", "hold", "welcome", "report"].map((t) => [t, record(t)]),
      ),
    });
    expect(ran).toHaveLength(15);
    expect(ran).toContainEqual({ task: "digest", payload: [1, 2, 3] });
    expect(ran).toContainEqual({ task: "keyed", payload: { v: 2 } });
    expect(ran.filter((r) => r.task === "welcome")).toHaveLength(2);
    const { rows: left } = await sql("select task_identifier from graphile_worker.jobs order by id");
    expect(left.map((r) => r.task_identifier)).toEqual(["send_email", "send_email", "flaky", "doomed"]);
  });
});

describe("adoption refuses", () => {
  it("unsupported versions, and objects of the user's that depend on what it replaces; keeps the owner and grants; repairs what a late graphile-worker does to the ledger", async () => {
    const upstream = UPSTREAM[1];
    // graphile-worker ran as an ordinary role; migrate runs as a superuser.
    const owner = roleName();
    await admin(`create role ${owner} login`);
    const { db, utils } = await upstreamDatabase(upstream.api, owner);
    await utils.release();
    const sql = (text: string) => db.pool.query(text);

    await sql("insert into graphile_worker.migrations (id) values (20)");
    await expect(migrate(db.pool)).rejects.toThrow(/ledger is at its migration 20, newer than graphile-worker 0.16 and 0.17/);
    await sql("delete from graphile_worker.migrations where id > 14");
    await expect(migrate(db.pool)).rejects.toThrow(/at its migration 14 \(graphile-worker 0.15 or older\).*--schema-only/);
    expect((await previewMigration(db.pool)).action).toBe("refuse");
    await sql("insert into graphile_worker.migrations (id) select generate_series(15, 19)");

    await sql(`
      create function atomic_enqueue() returns void language sql begin atomic select graphile_worker.add_job('x'); end;
      create view raw_jobs as select id, task_id from graphile_worker._private_jobs;
      create index my_jobs_index on graphile_worker._private_jobs (created_at);
      create table job_audit (job_id bigint references graphile_worker._private_jobs (id));
      create function enqueue_row() returns graphile_worker._private_jobs language sql as $$ select * from graphile_worker.add_job('x') $$;
      create function graphile_worker.users_helper() returns int language sql as 'select 1';
    `);
    const error = await migrate(db.pool).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^cannot adopt schema "graphile_worker" \(graphile-worker 0.17, its migration 19\); nothing was changed:/);
    for (const object of [
      "function public.atomic_enqueue() depends on function graphile_worker.add_job",
      "index graphile_worker.my_jobs_index depends on table graphile_worker._private_jobs",
      "view public.raw_jobs depends on table graphile_worker._private_jobs",
      "table constraint job_audit_job_id_fkey on public.job_audit depends on",
      "function public.enqueue_row() depends on type graphile_worker._private_jobs",
    ]) {
      expect((error as Error).message).toContain(object);
    }
    expect(await ledgerColumns(db)).toBe("breaking,id,ts");
    await sql("drop function atomic_enqueue(), enqueue_row(); drop view raw_jobs; drop table job_audit; drop index graphile_worker.my_jobs_index");

    // Roles keep what they could do: one that got past upstream's row level
    // security can still enqueue; one that could not, still cannot.
    const [able, unable] = [roleName(), roleName()];
    await sql(`create role ${able} login bypassrls; create role ${unable}`);
    await sql(`grant usage on schema graphile_worker to ${able}, ${unable}; grant all on all tables in schema graphile_worker to ${able}, ${unable}`);
    const asRole = async (role: string, text: string) => {
      const client = await db.pool.connect();
      try {
        await client.query(`set role ${role}`);
        return await client.query(text);
      } finally {
        await client.query("reset role");
        client.release();
      }
    };
    await asRole(able, "select graphile_worker.add_job('by_role')");
    await expect(asRole(unable, "select graphile_worker.add_job('by_role')")).rejects.toThrow(/row-level security/);

    // Only the owner (or a member) may adopt: the schema keeps its owner.
    const url = new URL(db.url);
    url.username = able;
    const asAble = new pg.Pool({ connectionString: url.toString() });
    await expect(migrate(asAble)).rejects.toThrow(new RegExp(`graphile-worker's tables belong to role ${owner}, and ${able} cannot act as it`));
    await asAble.end();

    const result = await migrate(db.pool);
    expect(result.adopted?.grants).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^grant EXECUTE on function graphile_worker.add_job\\(.*\\) to ${able}$`))]));
    await asRole(able, "select graphile_worker.add_job('by_role')");
    await expect(asRole(unable, "select graphile_worker.add_job('by_role')")).rejects.toThrow(/permission denied for function add_job/);
    const { rows: owners } = await sql(`
      select distinct pg_get_userbyid(relowner) as owner from pg_class where relnamespace = 'graphile_worker'::regnamespace
      union select distinct pg_get_userbyid(proowner) from pg_proc where pronamespace = 'graphile_worker'::regnamespace and proname <> 'users_helper'`);
    expect(owners).toEqual([{ owner }]);
    // The user's own function in the schema is left as it was.
    expect((await sql("select has_function_privilege('public', 'graphile_worker.users_helper()', 'execute') as x")).rows[0].x).toBe(true);

    // A graphile-worker started later runs its migrator, which adds a
    // column to the ledger before it fails; migrate puts the ledger back.
    await expect(upstream.api.makeWorkerUtils({ connectionString: db.url })).rejects.toThrow(/null value in column "name"/);
    expect(await ledgerColumns(db)).toBe("applied_at,breaking,hash,id,name");
    expect((await migrate(db.pool)).applied).toEqual([]);
    expect(await ledgerColumns(db)).toBe("applied_at,hash,id,name");
  });
});

describe("an adopted schema", () => {
  it("is, object for object, the one migrate installs, and passes the pgTAP suite", async () => {
    const { db, utils } = await upstreamDatabase(UPSTREAM[1].api);
    await utils.release();
    await db.pool.query("insert into graphile_worker._private_known_crontabs values ('adopted-nightly', now(), null)");
    expect((await migrate(db.pool)).adopted).toBeDefined();
    const fresh = await createTestDatabase();
    databases.push(fresh);
    expect(await dumpSchema(db)).toBe(await dumpSchema(fresh));

    // Kept through the adoption; the pgTAP files then start from an empty table.
    expect((await db.pool.query("delete from graphile_worker._private_known_crontabs where identifier = 'adopted-nightly'")).rowCount).toBe(1);
    await db.pool.query("create extension pgtap");
    const files = readdirSync(join(ROOT, "tests", "pgtap")).filter((f) => f.endsWith(".sql")).sort().map((f) => join("tests", "pgtap", f));
    const run = (command: string, args: string[]) =>
      new Promise<string>((resolve, reject) =>
        execFile(command, args, { cwd: ROOT }, (error, stdout, stderr) => (error ? reject(new Error(`${stdout}\n${stderr}`)) : resolve(stdout))),
      );
    await run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url, "-f", "tests/pgtap/fixtures/fixtures.sql"]);
    expect(await run("pg_prove", ["--failures", "--dbname", db.url, ...files])).toMatch(/Result: PASS/);
  });
});
