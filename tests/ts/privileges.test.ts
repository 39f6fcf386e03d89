// Least privilege, as docs/privileges.md grants it: an enqueue-only role,
// a worker role, an admin role; search_path tricks; hostile values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, silentLogger } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";

let db: TestDatabase;
const suffix = randomBytes(4).toString("hex");
const roles = { enqueue: `gw_enqueue_${suffix}`, worker: `gw_worker_${suffix}`, admin: `gw_admin_${suffix}`, attacker: `gw_attacker_${suffix}` };

/** The three grant blocks of docs/privileges.md, for the given roles. */
function documentedGrants(): string[] {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "privileges.md"), "utf8");
  const blocks = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks).toHaveLength(3);
  return blocks.map((block) =>
    block.replace(/app_enqueue/g, roles.enqueue).replace(/app_worker/g, roles.worker).replace(/app_admin/g, roles.admin),
  );
}

/** A pool whose connections act as `role`. */
function poolAs(role: string, max = 5): pg.Pool {
  return new pg.Pool({ connectionString: db.url, max, options: `-c role=${role}` });
}

async function as<T>(role: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query(`set role ${role}`);
    return await fn(client);
  } finally {
    await client.query("reset role; reset search_path");
    client.release();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(
    Object.values(roles)
      .map((r) => `create role ${r} nologin;`)
      .join("\n") + `grant create on database ${db.name} to ${roles.attacker}, ${roles.enqueue};`,
  );
  const [enqueue, worker, admin] = documentedGrants();
  await db.pool.query(enqueue);
  await db.pool.query(worker);
  await db.pool.query(admin);
  await db.pool.query(enqueue.replace(new RegExp(roles.enqueue, "g"), roles.attacker));
});

afterAll(async () => {
  await db.drop();
  const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  for (const role of Object.values(roles)) await admin.query(`drop role if exists ${role}`);
  await admin.end();
});

const denied = { code: "42501" };

describe("an enqueue-only role", () => {
  it("adds jobs from its own trigger", async () => {
    await as(roles.enqueue, async (client) => {
      await client.query(`
        create schema app_${suffix};
        create table app_${suffix}.orders (id serial primary key, email text);
        create function app_${suffix}.order_added() returns trigger language plpgsql as $$
        begin
          perform graphile_worker.add_job('send_receipt', json_build_object('order', new.id, 'email', new.email));
          return new;
        end $$;
        create trigger order_added after insert on app_${suffix}.orders for each row execute function app_${suffix}.order_added();
      `);
      await client.query(`insert into app_${suffix}.orders (email) values ('a@example.com')`);
      const { rows } = await client.query("select (graphile_worker.add_job('direct', '{\"mine\": true}')).payload");
      expect(rows[0].payload).toEqual({ mine: true });
    });
    const { rows } = await db.pool.query("select task_identifier, payload from graphile_worker._private_jobs where task_identifier = 'send_receipt'");
    expect(rows).toEqual([{ task_identifier: "send_receipt", payload: { order: 1, email: "a@example.com" } }]);
  });

  it("cannot read jobs or payloads, nor call admin or worker functions", async () => {
    await db.pool.query("select graphile_worker.add_job('secret', '{\"card\": \"4111\"}', job_key := 'secret-key')");
    for (const sql of [
      "select * from graphile_worker._private_jobs",
      "select * from graphile_worker.jobs",
      "select * from graphile_worker._private_job_queues",
      "select * from graphile_worker._private_workers",
      "select * from graphile_worker.migrations",
      "update graphile_worker._private_jobs set payload = '{}'",
      "delete from graphile_worker._private_jobs",
      "insert into graphile_worker._private_jobs (task_identifier) values ('x')",
      "select * from graphile_worker.remove_job('secret-key')",
      "select * from graphile_worker.complete_jobs(array[1::bigint])",
      "select * from graphile_worker.permanently_fail_jobs(array[1::bigint])",
      "select * from graphile_worker.reschedule_jobs(array[1::bigint], priority := 1)",
      "select graphile_worker.force_unlock_workers(array['w'])",
      "select * from graphile_worker.cleanup(array['GC_JOB_QUEUES'])",
      "select * from graphile_worker.get_jobs('thief', array['secret'])",
      "select * from graphile_worker.worker_complete_jobs('thief', array[1::bigint])",
      "select graphile_worker.worker_heartbeat('thief')",
      "select * from graphile_worker.sweep_stale_workers()",
      "select * from graphile_worker._add_jobs(array[]::graphile_worker.job_spec[], 'replace', 'x')",
    ]) {
      await expect(as(roles.enqueue, (c) => c.query(sql)), sql).rejects.toMatchObject(denied);
    }
    const { rows } = await db.pool.query("select locked_at, payload from graphile_worker._private_jobs where key = 'secret-key'");
    expect(rows).toEqual([{ locked_at: null, payload: { card: "4111" } }]);
  });
});

describe("a worker role", () => {
  it("runs jobs through the runner, but cannot administer", async () => {
    await db.pool.query("select graphile_worker.add_job('work', '{\"n\": 1}')");
    const pool = poolAs(roles.worker, 6);
    const seen: unknown[] = [];
    const runner = await run({ pgPool: pool, taskList: { work: async (p) => void seen.push(p) }, logger: silentLogger, handleSignals: false, pollInterval: 100 });
    try {
      await until(async () => seen.length === 1, 5000, "the worker role to run the job");
      await until(async () => Number((await db.pool.query("select count(*) from graphile_worker._private_jobs where task_identifier = 'work'")).rows[0].count) === 0, 5000, "completion");
    } finally {
      await runner.stop();
      await pool.end();
    }
    expect(seen).toEqual([{ n: 1 }]);
    for (const sql of [
      "select * from graphile_worker.complete_jobs(array[1::bigint])",
      "select * from graphile_worker.jobs",
      "select * from graphile_worker.cleanup(array['GC_JOB_QUEUES'])",
      "select graphile_worker.force_unlock_workers(array['w'])",
    ]) {
      await expect(as(roles.worker, (c) => c.query(sql)), sql).rejects.toMatchObject(denied);
    }
  });
});

describe("an admin role", () => {
  it("administers and reads everything", async () => {
    await db.pool.query("select graphile_worker.add_job('admin_me', '{\"x\": 1}', job_key := 'adm')");
    await as(roles.admin, async (client) => {
      const { rows } = await client.query("select id from graphile_worker.jobs where key = 'adm'");
      const { rows: payload } = await client.query("select payload from graphile_worker._private_jobs where key = 'adm'");
      expect(payload[0].payload).toEqual({ x: 1 });
      expect((await client.query("select * from graphile_worker.reschedule_jobs($1, priority := 3)", [[rows[0].id]])).rowCount).toBe(1);
      expect((await client.query("select * from graphile_worker.complete_jobs($1)", [[rows[0].id]])).rowCount).toBe(1);
      await client.query("select * from graphile_worker.cleanup(array['GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS', 'DELETE_PERMAFAILED_JOBS'])");
    });
  });
});

describe("search_path tricks", () => {
  it("look-alike functions, operators and tables in a schema the caller controls change nothing", async () => {
    const evil = `evil_${suffix}`;
    await as(roles.attacker, async (client) => {
      await client.query(`
        create schema ${evil};
        create table ${evil}.calls (what text);
        create table ${evil}._private_jobs (like graphile_worker.job);
        create table ${evil}._private_tasks (identifier text);
        create function ${evil}.now() returns timestamptz language plpgsql as $$
          begin insert into ${evil}.calls values ('now'); return '2000-01-01'; end $$;
        create function ${evil}.pg_notify(text, text) returns void language plpgsql as $$
          begin insert into ${evil}.calls values ('pg_notify'); end $$;
        create function ${evil}.length(text) returns integer language plpgsql as $$
          begin insert into ${evil}.calls values ('length'); return 1; end $$;
        create function ${evil}.texteq_evil(text, text) returns boolean language plpgsql as $$
          begin insert into ${evil}.calls values ('='); return true; end $$;
        create operator ${evil}.= (leftarg = text, rightarg = text, function = ${evil}.texteq_evil);
        create temp table _private_jobs (id bigint);
        set search_path = ${evil}, pg_temp, pg_catalog;
      `);
      // The caller's own unqualified now() is the look-alike...
      expect((await client.query("select now() as t")).rows[0].t.getUTCFullYear()).toBe(2000);
      // ...but inside add_job it is not, and nothing of the caller's runs.
      const { rows } = await client.query(
        "select (graphile_worker.add_job('tricked', '{}', job_key := 'k', queue_name := 'q')).run_at as run_at",
      );
      expect(rows[0].run_at.getUTCFullYear()).toBeGreaterThan(2020);
      await client.query("select graphile_worker.add_job('tricked', '[1]', job_key := 'k')");
      expect((await client.query(`select count(*)::int as n from ${evil}.calls where what <> 'now'`)).rows[0].n).toBe(0);
      expect((await client.query(`select count(*)::int as n from ${evil}._private_jobs`)).rows[0].n).toBe(0);
      expect((await client.query("select count(*)::int as n from pg_temp._private_jobs")).rows[0].n).toBe(0);
    });
    const { rows } = await db.pool.query("select run_at > now() - interval '1 minute' as fresh, revision, queue_name from graphile_worker._private_jobs where task_identifier = 'tricked'");
    expect(rows).toEqual([{ fresh: true, revision: 1, queue_name: null }]);
  });
});

describe("hostile values", () => {
  const hostile = [
    `'; drop table canary; --`,
    `"); drop table canary; --`,
    `$$; drop table canary; $$`,
    `%s %I %L \\ \\\\ \n\t`,
    `ünïcödé ✓ 😀 עברית`,
    `graphile_worker.jobs`,
  ];

  it("are stored as they are, never executed", async () => {
    await db.pool.query("create table canary (ok boolean); insert into canary values (true)");
    for (const value of hostile) {
      const { rows } = await db.pool.query(
        "select * from graphile_worker.add_job($1, json_build_object('v', $1::text), queue_name := $2, job_key := $3, flags := array[$1::text])",
        [value, value.slice(0, 128), value],
      );
      expect(rows[0]).toMatchObject({ task_identifier: value, queue_name: value.slice(0, 128), key: value, payload: { v: value } });
      expect(rows[0].flags).toEqual({ [value]: true });
      const removed = await db.pool.query("select key from graphile_worker.remove_job($1)", [value]);
      expect(removed.rows).toEqual([{ key: value }]);
    }
    const { rows } = await db.pool.query("select count(*)::int as n from canary");
    expect(rows[0].n).toBe(1);
  });
});
