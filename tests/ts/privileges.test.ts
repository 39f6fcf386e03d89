// Least privilege, as docs/privileges.md grants it (an enqueue-only role, a
// worker role, an admin role, a viewer with and without payloads, and an attacker with enqueue grants and CREATE
// on the database), attacked: look-alike domains, types, tables, functions
// and operators in pg_temp and in a schema the role controls, first in its
// search_path, while it calls every function it may call; workers acting
// for other workers; producers adding on other producers' keys; hostile
// values. Roles log in as themselves (no SET ROLE that code could reset).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, silentLogger } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { until } from "./helpers/fixtures";

let db: TestDatabase;
const suffix = randomBytes(4).toString("hex");
const roles = {
  enqueue: `gw_enqueue_${suffix}`,
  worker: `gw_worker_${suffix}`,
  admin: `gw_admin_${suffix}`,
  attacker: `gw_attacker_${suffix}`,
  worker2: `gw_worker2_${suffix}`,
  viewer: `gw_viewer_${suffix}`,
  payloadViewer: `gw_payload_viewer_${suffix}`,
};
type Role = keyof typeof roles;

/** The ```sql blocks of docs/privileges.md, for the given roles. */
function documentedBlocks(names: { enqueue: string; worker: string; admin: string; viewer: string }): string[] {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "privileges.md"), "utf8");
  const blocks = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks).toHaveLength(6);
  return blocks.map((block) =>
    block
      .replace(/app_enqueue/g, names.enqueue)
      .replace(/app_worker/g, names.worker)
      .replace(/app_admin/g, names.admin)
      .replace(/app_viewer/g, names.viewer),
  );
}

/** A client logged in as `role`. */
async function login(role: string): Promise<pg.Client> {
  const url = new URL(db.url);
  url.username = role;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

async function as<T>(role: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await login(role);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(Object.values(roles).map((r) => `create role ${r} login;`).join("\n"));
  const [enqueue, worker, , admin, viewer] = documentedBlocks(roles);
  await db.pool.query(enqueue);
  await db.pool.query(worker);
  await db.pool.query(admin);
  await db.pool.query(viewer);
  const [, , , , payloadViewer, payloads] = documentedBlocks({ ...roles, viewer: roles.payloadViewer });
  await db.pool.query(payloadViewer);
  await db.pool.query(payloads);
  const [attackerEnqueue] = documentedBlocks({ ...roles, enqueue: roles.attacker });
  await db.pool.query(attackerEnqueue);
  await db.pool.query(`grant create on database ${db.name} to ${roles.attacker}`);
});

afterAll(async () => {
  await db.drop();
  const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  for (const role of Object.values(roles)) await admin.query(`drop role if exists ${role}`);
  await admin.end();
});

const denied = { code: "42501" };
const count = async (sql: string, params: unknown[] = []) => Number((await db.pool.query(sql, params)).rows[0].n);

describe("an enqueue-only role", () => {
  it("adds jobs from its own trigger", async () => {
    const app = `app_${suffix}`;
    await db.pool.query(`create schema ${app} authorization ${roles.enqueue}`);
    await as(roles.enqueue, async (client) => {
      await client.query(`
        create table ${app}.orders (id serial primary key, email text);
        create function ${app}.order_added() returns trigger language plpgsql as $$
        begin
          perform graphile_worker.add_job('send_receipt', json_build_object('order', new.id, 'email', new.email));
          return new;
        end $$;
        create trigger order_added after insert on ${app}.orders for each row execute function ${app}.order_added();
      `);
      await client.query(`insert into ${app}.orders (email) values ('a@example.com')`);
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
      "select * from graphile_worker.get_jobs_v2('thief', gen_random_uuid(), array['secret'])",
      "select * from graphile_worker.worker_complete_jobs('thief', array[1::bigint])",
      "select graphile_worker.worker_heartbeat('thief')",
      "select * from graphile_worker.worker_register('thief', '1 minute')",
      "select * from graphile_worker.sweep_stale_workers()",
      "select * from graphile_worker._add_jobs(array[]::graphile_worker.job_spec[], 'replace', 'x')",
    ]) {
      await expect(as(roles.enqueue, (c) => c.query(sql)), sql).rejects.toMatchObject(denied);
    }
    const { rows } = await db.pool.query("select locked_at, payload from graphile_worker._private_jobs where key = 'secret-key'");
    expect(rows).toEqual([{ locked_at: null, payload: { card: "4111" } }]);
  });

  // What another producer's job holds, none of which the caller sent.
  const secret = { task: "their_task", queue: "their_queue", payload: '[{"theirs": "secret item"}]', error: "their secret error", worker: "their-worker" };
  const ownRow = (row: Record<string, unknown>, sent: Record<string, unknown>) => {
    expect(row).toMatchObject({ attempts: 0, last_error: null, locked_at: null, locked_by: null, ...sent });
    expect(JSON.stringify(row)).not.toMatch(/secret|their/);
  };

  it("adding on another producer's key learns its id and revision, nothing else (waiting batch job)", async () => {
    const { rows: [theirs] } = await db.pool.query(
      "select * from graphile_worker.add_job($1, $2, $3, max_attempts := 9, job_key := 'shared-1', priority := 4, flags := array['theirs'])",
      [secret.task, secret.payload, secret.queue],
    );
    await db.pool.query("update graphile_worker._private_jobs set attempts = 1, last_error = $2 where id = $1", [theirs.id, secret.error]);
    for (const mode of ["replace", "preserve_run_at"]) {
      const { rows: [row] } = await as(roles.enqueue, (c) =>
        c.query("select * from graphile_worker.add_job('mine', '[{\"mine\": 1}]', job_key := 'shared-1', job_key_mode := $1)", [mode]),
      );
      ownRow(row, { id: theirs.id, key: "shared-1", task_identifier: "mine", payload: [{ mine: 1 }], queue_name: null, priority: 0, max_attempts: 25, flags: null });
    }
    const { rows: [stored] } = await db.pool.query("select payload from graphile_worker._private_jobs where id = $1", [theirs.id]);
    expect(stored.payload).toEqual([{ theirs: "secret item" }, { mine: 1 }, { mine: 1 }]);
  });

  it("adding on another producer's key learns its id and revision, nothing else (running job, unsafe_dedupe and add_jobs)", async () => {
    const { rows: [theirs] } = await db.pool.query("select * from graphile_worker.add_job($1, $2, $3, job_key := 'shared-2', flags := array['theirs'])",
      [secret.task, secret.payload, secret.queue]);
    await db.pool.query("update graphile_worker._private_jobs set attempts = 1, last_error = $2, locked_at = now(), locked_by = $3 where id = $1",
      [theirs.id, secret.error, secret.worker]);
    const { rows: [deduped] } = await as(roles.enqueue, (c) =>
      c.query("select * from graphile_worker.add_job('mine', '{\"mine\": 2}', job_key := 'shared-2', job_key_mode := 'unsafe_dedupe')"),
    );
    ownRow(deduped, { id: theirs.id, key: "shared-2", revision: 1, task_identifier: "mine", payload: { mine: 2 }, flags: null });
    const { rows: [added] } = await as(roles.enqueue, (c) =>
      c.query("select * from graphile_worker.add_jobs(array[row('mine', '{\"mine\": 3}', null, null, null, 'shared-2', null, null)]::graphile_worker.job_spec[])"),
    );
    ownRow(added, { key: "shared-2", revision: 0, task_identifier: "mine", payload: { mine: 3 } });
    expect(added.id).not.toBe(theirs.id);
  });
});

describe("a worker role", () => {
  it("runs jobs through the runner, but cannot administer", async () => {
    await db.pool.query("select graphile_worker.add_job('work', '{\"n\": 1}')");
    const url = new URL(db.url);
    url.username = roles.worker;
    const pool = new pg.Pool({ connectionString: url.toString(), max: 6 });
    const seen: unknown[] = [];
    const runner = await run({ pgPool: pool, taskList: { work: async (p) => void seen.push(p) }, logger: silentLogger, handleSignals: false, pollInterval: 100 });
    try {
      await until(async () => seen.length === 1, 5000, "the worker role to run the job");
      await until(async () => (await count("select count(*) as n from graphile_worker._private_jobs where task_identifier = 'work'")) === 0, 5000, "completion");
    } finally {
      await runner.stop();
      await pool.end();
    }
    expect(seen).toEqual([{ n: 1 }]);
    for (const sql of [
      "select * from graphile_worker.complete_jobs(array[1::bigint])",
      "select * from graphile_worker.jobs",
      "select * from graphile_worker._private_jobs",
      "select * from graphile_worker.cleanup(array['GC_JOB_QUEUES'])",
      "select graphile_worker.force_unlock_workers(array['w'])",
      "select * from graphile_worker.remove_job('k')",
    ]) {
      await expect(as(roles.worker, (c) => c.query(sql)), sql).rejects.toMatchObject(denied);
    }
  });

  it("cannot act for a live worker: its claims, its liveness and jobs not yet due are out of reach", async () => {
    // The victim: registered, heartbeating, running a job of a named queue under its claim.
    const victim = `victim-${suffix}`;
    const claim = randomUUID();
    await db.pool.query("select graphile_worker.worker_register($1, '1 minute')", [victim]);
    const { rows: [job] } = await db.pool.query("select * from graphile_worker.add_job('victim_task', '[\"victim item\"]', queue_name := 'victim_queue')");
    await db.pool.query("select graphile_worker.add_job('victim_task', '[\"next\"]', queue_name := 'victim_queue')");
    const { rows: fetched } = await db.pool.query("select id from graphile_worker.get_jobs_v2($1, $2, array['victim_task'], 10)", [victim, claim]);
    expect(fetched.map((r) => r.id)).toEqual([job.id]);
    const { rows: [future] } = await db.pool.query("select * from graphile_worker.add_job('victim_task', '{\"due\": \"tomorrow\"}', run_at := now() + interval '1 day')");
    const state = async () =>
      (await db.pool.query(
        `select (select row_to_json(j) from (select locked_by, claim, attempts, last_error, payload from graphile_worker._private_jobs where id = $1) j) as job,
           (select locked_by from graphile_worker._private_job_queues where queue_name = 'victim_queue') as queue,
           (select locked_at from graphile_worker._private_jobs where id = $2) as future,
           (select row_to_json(w) from (select heartbeat_interval from graphile_worker._private_workers where worker_id = $3) w) as worker`,
        [job.id, future.id, victim],
      )).rows[0];
    const before = await state();
    const ids = [job.id];
    const guess = [randomUUID()];

    await as(roles.worker, async (thief) => {
      await thief.query("set client_min_messages = error");
      // Answers for the victim, without its claim, through both protocols.
      expect((await thief.query("select * from graphile_worker.worker_complete_jobs_v2($1, $2, $3)", [victim, ids, guess])).rows).toEqual([]);
      expect((await thief.query("select * from graphile_worker.worker_fail_jobs_v2($1, $2, $3, array['x'], '[[0]]')", [victim, ids, guess])).rows).toEqual([]);
      expect((await thief.query("select * from graphile_worker.worker_return_jobs_v2($1, $2, $3)", [victim, ids, guess])).rows).toEqual([]);
      expect((await thief.query("select * from graphile_worker.worker_return_claim($1, $2)", [victim, guess[0]])).rows).toEqual([]);
      expect((await thief.query("select * from graphile_worker.worker_complete_jobs($1, $2)", [victim, ids])).rows).toEqual([]);
      expect((await thief.query("select * from graphile_worker.worker_fail_jobs($1, $2, array['x'])", [victim, ids])).rows).toEqual([]);
      expect((await thief.query("select * from graphile_worker.worker_return_jobs($1, $2)", [victim, ids])).rows).toEqual([]);
      expect((await thief.query("select * from graphile_worker.worker_return_unknown_jobs($1, '{}')", [victim])).rows).toEqual([]);
      await thief.query("select * from graphile_worker.worker_register($1, '1 minute')", [`thief-${suffix}`]);
      await thief.query("select * from graphile_worker.get_jobs_v2($1, gen_random_uuid(), array['none'], completed_job_ids := $2, completed_claims := $3)",
        [`thief-${suffix}`, ids, guess]);
      // Sweeping it: directly, after promising a shorter interval in its name,
      // after deregistering it, after trying to register its id anew.
      const sweep = async () => (await thief.query("select dead_worker_ids from graphile_worker.sweep_stale_workers('1 microsecond', '0')")).rows[0].dead_worker_ids;
      expect(await sweep()).not.toContain(victim);
      await thief.query("select graphile_worker.worker_heartbeat_v2($1, '1 microsecond')", [victim]);
      expect(await sweep()).not.toContain(victim);
      await thief.query("select graphile_worker.worker_heartbeat($1)", [victim]);
      expect(await sweep()).not.toContain(victim);
      expect((await thief.query("select graphile_worker.worker_deregister($1) as r", [victim])).rows[0].r).toBe(true);
      expect(await sweep()).not.toContain(victim);
      await expect(thief.query("select * from graphile_worker.worker_register($1, '1 microsecond')", [victim])).rejects.toMatchObject({ code: "55006" });
      expect(await sweep()).not.toContain(victim);
      // Reading what is not due with a clock far ahead.
      for (const sql of [
        "select * from graphile_worker.get_jobs_v2($1, gen_random_uuid(), array['victim_task'], 10, now := now() + interval '1 day')",
        "select * from graphile_worker.get_jobs($1, array['victim_task'], 10, now := 'infinity')",
      ]) {
        await expect(thief.query(sql, [`thief-${suffix}`]), sql).rejects.toMatchObject({ code: "22023" });
      }
    });

    const after = await state();
    expect(after.job).toEqual(before.job);
    expect(after.queue).toBe(victim);
    expect(after.future).toBeNull();
    expect(after.worker.heartbeat_interval).toEqual(before.worker.heartbeat_interval);
    // The victim itself is unaffected: it completes under its claim, which frees its queue.
    expect((await db.pool.query("select graphile_worker.worker_heartbeat_v2($1, '1 minute') as r", [victim])).rows[0].r).toBe(true);
    const { rows: next } = await db.pool.query("select id, payload from graphile_worker.get_jobs_v2($1, gen_random_uuid(), array['victim_task'], 10, completed_job_ids := $2, completed_claims := $3)",
      [victim, ids, [claim]]);
    expect(next.map((r) => r.payload)).toEqual([["next"]]);
  });

  it("keeps working on the 0.2 protocol once the 0.1 functions are revoked", async () => {
    const [, worker, revoke] = documentedBlocks({ ...roles, worker: roles.worker2 });
    await db.pool.query(worker);
    await db.pool.query(revoke);
    await db.pool.query("select graphile_worker.add_job('revoked_task', '{\"n\": 1}')");
    await as(roles.worker2, async (client) => {
      const id = `w2-${suffix}`;
      const claim = randomUUID();
      await client.query("select * from graphile_worker.worker_register($1, '30 seconds')", [id]);
      const { rows } = await client.query("select id, payload from graphile_worker.get_jobs_v2($1, $2, array['revoked_task'])", [id, claim]);
      expect(rows.map((r) => r.payload)).toEqual([{ n: 1 }]);
      expect((await client.query("select * from graphile_worker.worker_complete_jobs_v2($1, $2, $3)", [id, [rows[0].id], [claim]])).rows).toHaveLength(1);
      for (const sql of [
        "select * from graphile_worker.get_jobs('w', array['t'])",
        "select * from graphile_worker.worker_complete_jobs('w', '{}')",
        "select * from graphile_worker.worker_fail_jobs('w', '{}', '{}')",
        "select * from graphile_worker.worker_return_jobs('w', '{}')",
        "select * from graphile_worker.worker_return_unknown_jobs('w', '{}')",
        "select graphile_worker.worker_heartbeat('w')",
      ]) {
        await expect(client.query(sql), sql).rejects.toMatchObject(denied);
      }
    });
  });
});

describe("a viewer role", () => {
  it("reads through the read API, without payloads, and changes nothing", async () => {
    await db.pool.query("select graphile_worker.add_job('viewed', '{\"card\": \"4111-viewer\"}', queue_name := 'viewed-q', job_key := 'viewed-key')");
    const { rows: [{ id }] } = await db.pool.query("select id from graphile_worker._private_jobs where key = 'viewed-key'");
    await as(roles.viewer, async (c) => {
      const counts = (await c.query("select * from graphile_worker.job_counts() where task_identifier = 'viewed'")).rows;
      expect(counts).toEqual([{ task_identifier: "viewed", queue_name: "viewed-q", state: "ready", count: "1", estimated: false }]);
      const listed = (await c.query("select * from graphile_worker.list_jobs(task_identifier := 'viewed')")).rows;
      expect(listed).toMatchObject([{ id, key: "viewed-key", state: "ready" }]);
      expect(listed[0]).not.toHaveProperty("payload");
      expect((await c.query("select * from graphile_worker.get_job_summary($1)", [id])).rows).toMatchObject([{ id, state: "ready" }]);
      expect((await c.query("select * from graphile_worker.list_queues() where queue_name = 'viewed-q'")).rows).toMatchObject([{ waiting: "1", paused: false }]);
      await c.query("select * from graphile_worker.list_workers()");
      await c.query("select * from graphile_worker.migrations");
      // Searching payloads would tell them: the viewer's search does not look there.
      expect((await c.query("select id from graphile_worker.list_jobs(search := '4111-viewer')")).rows).toEqual([]);
      expect((await c.query("select id from graphile_worker.list_jobs(search := 'viewed-key')")).rows).toEqual([{ id }]);
    });
    for (const sql of [
      "select * from graphile_worker.get_job(1)",
      "select * from graphile_worker._private_jobs",
      "select * from graphile_worker.jobs",
      "select * from graphile_worker._private_job_queues",
      "select graphile_worker.pause_queue('viewed-q')",
      "select graphile_worker.resume_queue('viewed-q')",
      "select graphile_worker.pause_task('viewed')",
      "select graphile_worker.resume_task('viewed')",
      "select * from graphile_worker.add_job('x')",
      "select * from graphile_worker.complete_jobs(array[1::bigint])",
      "select * from graphile_worker.reschedule_jobs(array[1::bigint], priority := 1)",
      "select * from graphile_worker.remove_job('viewed-key')",
      "select * from graphile_worker.cleanup(array['GC_JOB_QUEUES'])",
      "select * from graphile_worker.get_jobs_v2('thief', gen_random_uuid(), array['viewed'])",
      "select * from graphile_worker.sweep_stale_workers()",
      "select * from graphile_worker._job_state(null, 0::smallint, 1::smallint, now(), now())",
    ]) {
      await expect(as(roles.viewer, (c) => c.query(sql)), sql).rejects.toMatchObject(denied);
    }
  });

  it("with the payload grant, reads payloads and searches them", async () => {
    await db.pool.query("select graphile_worker.add_job('viewed2', '{\"card\": \"4111-payload\"}')");
    await as(roles.payloadViewer, async (c) => {
      const [found] = (await c.query("select id from graphile_worker.list_jobs(search := '4111-PAYLOAD')")).rows;
      expect(found).toBeDefined();
      expect((await c.query("select payload from graphile_worker.get_job($1)", [found.id])).rows).toEqual([{ payload: { card: "4111-payload" } }]);
    });
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

// ---------------------------------------------------------------------------
// Look-alikes. The role creates, in pg_temp and in a schema it controls, a
// domain named like each type the functions use (its CHECK calls the role's
// own function), types, tables, functions and operators of the same names,
// and puts them first in its search_path. The function they call tries to
// make the role superuser and to grant it pg_read_all_data, and records that
// it ran: if it ever runs as the owner, it succeeds.

function lookalikes(schema: string, role: string): string {
  const types = ["text", "json", "jsonb", "timestamptz", "uuid", "int2", "int4", "int8", "bool", "interval", "numeric", "float8", "varchar", "name"];
  const tables = ["_private_jobs", "_private_job_queues", "_private_tasks", "_private_workers", "_private_sweeps", "_private_throughput", "migrations", "jobs"];
  const functions: [string, string, string][] = [
    ["now", "", "timestamptz"], ["clock_timestamp", "", "timestamptz"], ["gen_random_uuid", "", "uuid"],
    ["length", "pg_catalog.text", "int4"], ["format", "pg_catalog.text, pg_catalog.text", "text"],
    ["json_typeof", "pg_catalog.json", "text"], ["json_array_length", "pg_catalog.json", "int4"],
    ["pg_notify", "pg_catalog.text, pg_catalog.text", "void"], ["quote_literal", "pg_catalog.text", "text"],
    ["exp", "pg_catalog.float8", "float8"], ["date_trunc", "pg_catalog.text, pg_catalog.timestamptz", "timestamptz"],
    ["array_position", "pg_catalog.text[], pg_catalog.text", "int4"], ["cardinality", "pg_catalog.int8[]", "int4"],
    ["cardinality", "pg_catalog.text[]", "int4"], ["split_part", "pg_catalog.text, pg_catalog.text, pg_catalog.int4", "text"],
    ["to_jsonb", "pg_catalog.text[]", "jsonb"], ["array_to_string", "pg_catalog.text[], pg_catalog.text", "text"],
    ["lower", "pg_catalog.text", "text"], ["strpos", "pg_catalog.text, pg_catalog.text", "int4"],
  ];
  const operators: [string, string][] = [];
  for (const op of ["=", "<>", "<", ">", "<=", ">=", "||"]) for (const type of ["text", "int8", "int4", "timestamptz", "uuid"]) operators.push([op, type]);
  operators.push(["?|", "jsonb"]);
  const sql: string[] = [
    `create table ${schema}.marker (who text, what text)`,
    `grant insert on ${schema}.marker to public`,
    `create function ${schema}.pwn(what pg_catalog.text) returns pg_catalog.bool language plpgsql as $body$
     begin
       insert into ${schema}.marker values (current_user, what);
       begin execute pg_catalog.format('alter role %I superuser', '${role}'); exception when others then null; end;
       begin execute pg_catalog.format('grant pg_read_all_data to %I', '${role}'); exception when others then null; end;
       return true;
     end $body$`,
    `create function pg_temp.pwn(what pg_catalog.text) returns pg_catalog.bool language sql as $body$ select ${schema}.pwn(what) $body$`,
  ];
  for (const type of types) {
    sql.push(`create domain pg_temp.${type} as pg_catalog.${type} check (pg_temp.pwn('pg_temp.${type}'))`);
    sql.push(`create domain ${schema}.${type} as pg_catalog.${type} check (${schema}.pwn('${schema}.${type}'))`);
  }
  for (const type of ["job", "job_spec", "job_summary"]) {
    sql.push(`create type pg_temp.${type} as (x pg_catalog.int4)`);
    sql.push(`create type ${schema}.${type} as enum ('x')`);
  }
  for (const table of tables) {
    sql.push(`create table pg_temp.${table} (x pg_catalog.int4)`);
    sql.push(`create table ${schema}.${table} (x pg_catalog.int4)`);
  }
  for (const [name, args, returns] of functions) {
    const body = returns === "void" ? `begin perform ${schema}.pwn('${name}'); end` : `begin perform ${schema}.pwn('${name}'); return null; end`;
    sql.push(`create function ${schema}.${name}(${args}) returns pg_catalog.${returns} language plpgsql as $body$ ${body} $body$`);
    sql.push(`create function pg_temp.${name}(${args}) returns pg_catalog.${returns} language plpgsql as $body$ ${body} $body$`);
  }
  operators.forEach(([op, type], i) => {
    const right = op === "?|" ? "pg_catalog.text[]" : `pg_catalog.${type}`;
    sql.push(`create function ${schema}.op_${i}(pg_catalog.${type}, ${right}) returns pg_catalog.bool language sql as $body$ select ${schema}.pwn('${op} ${type}') $body$`);
    sql.push(`create operator ${schema}.${op} (leftarg = pg_catalog.${type}, rightarg = ${right}, function = ${schema}.op_${i})`);
    sql.push(`create operator pg_temp.${op} (leftarg = pg_catalog.${type}, rightarg = ${right}, function = ${schema}.op_${i})`);
  });
  sql.push(`set search_path = ${schema}, pg_temp, pg_catalog`);
  return sql.map((s) => `${s};`).join("\n");
}

/** One call of a public function, made by the role through its look-alikes: setup (by the owner), the call, and what must be true after. */
interface Call {
  fn: string;
  run(client: pg.Client, ctx: Ctx): Promise<void>;
}
interface Ctx {
  tag: string;
  worker: string;
  su: pg.Pool;
}

const one = async (client: pg.Client, sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows;
const setupJob = async (ctx: Ctx, sql: string, params: unknown[] = []) => (await ctx.su.query(sql, params)).rows[0];

// Every public function, in an order in which each finds the state it needs.
const calls: Call[] = [
  { fn: "rules", async run(c, ctx) {
    expect((await one(c, "select graphile_worker.rules() as r"))[0].r).toEqual((await ctx.su.query("select graphile_worker.rules() as r")).rows[0].r);
  } },
  { fn: "add_job", async run(c, ctx) {
    const [row] = await one(c, "select * from graphile_worker.add_job($1, '{\"n\": 1}', $2, null, 5, null, 3, array['f'])", [ctx.tag, `q-${ctx.tag}`]);
    const [stored] = (await ctx.su.query("select *, run_at between now() - interval '1 minute' and now() + interval '1 minute' as now_ish from graphile_worker._private_jobs where id = $1", [row.id])).rows;
    expect(row).toMatchObject({ task_identifier: ctx.tag, payload: { n: 1 }, queue_name: `q-${ctx.tag}`, max_attempts: 5, priority: 3, flags: { f: true } });
    expect(stored).toMatchObject({ task_identifier: ctx.tag, payload: { n: 1 }, now_ish: true, revision: 0 });
    const key = `batch-${ctx.tag}`;
    await setupJob(ctx, "select graphile_worker.add_job($1, '[1]', job_key := $2)", [ctx.tag, key]);
    const [appended] = await one(c, "select * from graphile_worker.add_job($1, '[2]', job_key := $2)", [ctx.tag, key]);
    const [deduped] = await one(c, "select * from graphile_worker.add_job($1, '[3]', job_key := $2, job_key_mode := 'unsafe_dedupe')", [ctx.tag, key]);
    expect([appended.payload, appended.revision, deduped.payload, deduped.revision]).toEqual([[2], 1, [3], 2]);
    expect((await ctx.su.query("select payload from graphile_worker._private_jobs where key = $1", [key])).rows[0].payload).toEqual([1, 2]);
  } },
  { fn: "add_jobs", async run(c, ctx) {
    const rows = await one(c, `select * from graphile_worker.add_jobs(array[
      row($1, '{"a": 1}', null, null, null, $2, null, array['x']),
      row($1, '{"a": 2}', $3, null, 2, null, -1, null)]::graphile_worker.job_spec[], true)`, [ctx.tag, `many-${ctx.tag}`, `q-${ctx.tag}`]);
    expect(rows.map((r) => [r.payload, r.key, r.queue_name, r.max_attempts, r.priority])).toEqual([
      [{ a: 1 }, `many-${ctx.tag}`, null, 25, 0], [{ a: 2 }, null, `q-${ctx.tag}`, 2, -1]]);
  } },
  { fn: "analyze_jobs", async run(c) {
    await one(c, "select graphile_worker.analyze_jobs()");
  } },
  { fn: "remove_job", async run(c, ctx) {
    await setupJob(ctx, "select graphile_worker.add_job($1, '{\"r\": 1}', job_key := 'remove-' || $1)", [ctx.tag]);
    expect((await one(c, "select * from graphile_worker.remove_job($1)", [`remove-${ctx.tag}`])).map((r) => r.payload)).toEqual([{ r: 1 }]);
  } },
  { fn: "complete_jobs", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker.add_job($1)", [ctx.tag]);
    expect((await one(c, "select id from graphile_worker.complete_jobs($1)", [[id]])).map((r) => r.id)).toEqual([id]);
  } },
  { fn: "permanently_fail_jobs", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker.add_job($1)", [ctx.tag]);
    expect((await one(c, "select attempts, max_attempts, last_error from graphile_worker.permanently_fail_jobs($1, 'why')", [[id]]))).toEqual([{ attempts: 25, max_attempts: 25, last_error: "why" }]);
  } },
  { fn: "reschedule_jobs", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker.add_job($1)", [ctx.tag]);
    expect((await one(c, "select priority from graphile_worker.reschedule_jobs($1, priority := 9)", [[id]]))).toEqual([{ priority: 9 }]);
  } },
  { fn: "worker_register", async run(c, ctx) {
    expect(await one(c, "select * from graphile_worker.worker_register($1, '30 seconds', '{\"pid\": 1}')", [ctx.worker])).toEqual([{ jobs_recovered: 0, queues_unlocked: 0 }]);
  } },
  { fn: "worker_heartbeat_v2", async run(c, ctx) {
    expect((await one(c, "select graphile_worker.worker_heartbeat_v2($1, '30 seconds', null, 2, 1) as r", [ctx.worker]))[0].r).toBe(true);
  } },
  { fn: "worker_heartbeat", async run(c, ctx) {
    expect((await one(c, "select graphile_worker.worker_heartbeat($1) as r", [`${ctx.worker}-v1`]))[0].r).toBe(false);
  } },
  { fn: "get_jobs_v2", async run(c, ctx) {
    await setupJob(ctx, "select graphile_worker.add_job($1 || '-w', '[10, 20, 30]', queue_name := 'wq-' || $1)", [ctx.tag]);
    await setupJob(ctx, "select graphile_worker.add_job($1 || '-w', '{\"free\": true}')", [ctx.tag]);
    const claim = randomUUID();
    const rows = await one(c, "select id, payload, queue_name from graphile_worker.get_jobs_v2($1, $2, $3, 10)", [ctx.worker, claim, [`${ctx.tag}-w`]]);
    expect(rows.map((r) => r.payload)).toEqual([[10, 20, 30], { free: true }]);
    expect((await ctx.su.query("select count(*)::int as n from graphile_worker._private_jobs where claim = $1 and locked_by = $2", [claim, ctx.worker])).rows[0].n).toBe(2);
    (ctx as Ctx & { fetched?: unknown }).fetched = { claim, ids: rows.map((r) => r.id) };
  } },
  { fn: "worker_fail_jobs_v2", async run(c, ctx) {
    const { claim, ids } = (ctx as Ctx & { fetched: { claim: string; ids: string[] } }).fetched;
    expect((await one(c, "select id from graphile_worker.worker_fail_jobs_v2($1, $2, $3, array['boom'], '[[0, 2]]')", [ctx.worker, [ids[0]], [claim]])).map((r) => r.id)).toEqual([ids[0]]);
    expect((await ctx.su.query("select payload::text, last_error, locked_by from graphile_worker._private_jobs where id = $1", [ids[0]])).rows[0])
      .toEqual({ payload: "[10, 30]", last_error: "boom", locked_by: null });
  } },
  { fn: "worker_complete_jobs_v2", async run(c, ctx) {
    const { claim, ids } = (ctx as Ctx & { fetched: { claim: string; ids: string[] } }).fetched;
    expect((await one(c, "select * from graphile_worker.worker_complete_jobs_v2($1, $2, $3) as id", [ctx.worker, [ids[1]], [claim]])).map((r) => r.id)).toEqual([ids[1]]);
  } },
  { fn: "worker_return_jobs_v2", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker.add_job($1 || '-r')", [ctx.tag]);
    const claim = randomUUID();
    await one(c, "select id from graphile_worker.get_jobs_v2($1, $2, $3)", [ctx.worker, claim, [`${ctx.tag}-r`]]);
    expect((await one(c, "select * from graphile_worker.worker_return_jobs_v2($1, $2, $3) as id", [ctx.worker, [id], [claim]])).map((r) => r.id)).toEqual([id]);
  } },
  { fn: "worker_return_claim", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker.add_job($1 || '-c')", [ctx.tag]);
    const claim = randomUUID();
    await one(c, "select id from graphile_worker.get_jobs_v2($1, $2, $3)", [ctx.worker, claim, [`${ctx.tag}-c`]]);
    expect((await one(c, "select * from graphile_worker.worker_return_claim($1, $2) as id", [ctx.worker, claim])).map((r) => r.id)).toEqual([id]);
  } },
  { fn: "get_jobs", async run(c, ctx) {
    await setupJob(ctx, "select graphile_worker.add_job($1 || '-v1', '{\"v1\": 1}')", [ctx.tag]);
    await setupJob(ctx, "select graphile_worker.add_job($1 || '-v1', '{\"v1\": 2}')", [ctx.tag]);
    await setupJob(ctx, "select graphile_worker.add_job($1 || '-v1', '{\"v1\": 3}')", [ctx.tag]);
    await setupJob(ctx, "select graphile_worker.add_job($1 || '-v1', '{\"v1\": 4}')", [ctx.tag]);
    const rows = await one(c, "select id, payload from graphile_worker.get_jobs($1, $2, 10)", [`${ctx.worker}-v1`, [`${ctx.tag}-v1`]]);
    expect(rows.map((r) => r.payload)).toEqual([{ v1: 1 }, { v1: 2 }, { v1: 3 }, { v1: 4 }]);
    (ctx as Ctx & { v1?: string[] }).v1 = rows.map((r) => r.id);
  } },
  { fn: "worker_complete_jobs", async run(c, ctx) {
    const [id] = (ctx as Ctx & { v1: string[] }).v1;
    expect((await one(c, "select * from graphile_worker.worker_complete_jobs($1, $2) as id", [`${ctx.worker}-v1`, [id]])).map((r) => r.id)).toEqual([id]);
  } },
  { fn: "worker_fail_jobs", async run(c, ctx) {
    const [, id] = (ctx as Ctx & { v1: string[] }).v1;
    expect((await one(c, "select last_error, payload from graphile_worker.worker_fail_jobs($1, $2, array['v1 boom'], array['[7]'::pg_catalog.json])", [`${ctx.worker}-v1`, [id]])))
      .toEqual([{ last_error: "v1 boom", payload: [7] }]);
  } },
  { fn: "worker_return_jobs", async run(c, ctx) {
    const [, , id] = (ctx as Ctx & { v1: string[] }).v1;
    expect((await one(c, "select * from graphile_worker.worker_return_jobs($1, $2) as id", [`${ctx.worker}-v1`, [id]])).map((r) => r.id)).toEqual([id]);
  } },
  { fn: "worker_return_unknown_jobs", async run(c, ctx) {
    const [, , , id] = (ctx as Ctx & { v1: string[] }).v1;
    expect((await one(c, "select * from graphile_worker.worker_return_unknown_jobs($1, '{}') as id", [`${ctx.worker}-v1`])).map((r) => r.id)).toEqual([id]);
  } },
  { fn: "list_active_workers", async run(c, ctx) {
    const rows = await one(c, "select worker_id, is_stale from graphile_worker.list_active_workers('5 minutes')");
    expect(rows).toContainEqual({ worker_id: ctx.worker, is_stale: false });
  } },
  { fn: "worker_deregister", async run(c, ctx) {
    expect((await one(c, "select graphile_worker.worker_deregister($1) as r", [ctx.worker]))[0].r).toBe(true);
  } },
  { fn: "sweep_stale_workers", async run(c, ctx) {
    const dead = `${ctx.worker}-dead`;
    await ctx.su.query("select graphile_worker.worker_register($1, '30 seconds')", [dead]);
    const { id } = await setupJob(ctx, "select id from graphile_worker.add_job($1 || '-dead')", [ctx.tag]);
    await ctx.su.query("select graphile_worker.get_jobs_v2($1, gen_random_uuid(), array[$2 || '-dead'])", [dead, ctx.tag]);
    await ctx.su.query("update graphile_worker._private_workers set last_heartbeat_at = now() - interval '1 hour' where worker_id = $1", [dead]);
    const [result] = await one(c, "select * from graphile_worker.sweep_stale_workers('5 minutes', '0')");
    expect(result.dead_worker_ids).toContain(dead);
    expect((await ctx.su.query("select locked_by from graphile_worker._private_jobs where id = $1", [id])).rows[0].locked_by).toBeNull();
  } },
  { fn: "release_stale_locks", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker.add_job($1 || '-stale')", [ctx.tag]);
    await ctx.su.query("update graphile_worker._private_jobs set locked_at = now() - interval '5 hours', locked_by = 'lost', attempts = 1 where id = $1", [id]);
    expect((await one(c, "select * from graphile_worker.release_stale_locks()"))[0].jobs_released).toBeGreaterThanOrEqual(1);
    expect((await ctx.su.query("select locked_by from graphile_worker._private_jobs where id = $1", [id])).rows[0].locked_by).toBeNull();
  } },
  { fn: "force_unlock_workers", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker.add_job($1 || '-force', queue_name := 'fq-' || $1)", [ctx.tag]);
    await ctx.su.query("select graphile_worker.get_jobs($1, array[$2 || '-force'])", [`${ctx.worker}-gone`, ctx.tag]);
    await one(c, "select graphile_worker.force_unlock_workers(array[$1])", [`${ctx.worker}-gone`]);
    expect((await ctx.su.query("select locked_by from graphile_worker._private_jobs where id = $1", [id])).rows[0].locked_by).toBeNull();
  } },
  { fn: "cleanup", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker.add_job($1 || '-gc', queue_name := 'gc-' || $1, max_attempts := 1)", [ctx.tag]);
    await ctx.su.query("update graphile_worker._private_jobs set attempts = 1 where id = $1", [id]);
    const rows = await one(c, "select task, deleted from graphile_worker.cleanup(array['DELETE_PERMAFAILED_JOBS', 'GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS'])");
    expect(rows.map((r) => r.task)).toEqual(["DELETE_PERMAFAILED_JOBS", "GC_JOB_QUEUES", "GC_TASK_IDENTIFIERS"]);
    expect(await count("select count(*) as n from graphile_worker._private_job_queues where queue_name = 'gc-' || $1", [ctx.tag])).toBe(0);
  } },
  { fn: "upsert_schedule", async run(c, ctx) {
    const [row] = await one(c, "select * from graphile_worker.upsert_schedule($1, '*/5 * * * *', $2, time_zone := 'Europe/London')", [`s-${ctx.tag}`, `${ctx.tag}-cron`]);
    expect(row).toMatchObject({ id: `s-${ctx.tag}`, cron: "*/5 * * * *", time_zone: "Europe/London", enabled: true });
  } },
  { fn: "pause_schedule", async run(c, ctx) {
    expect((await one(c, "select enabled from graphile_worker.pause_schedule($1)", [`s-${ctx.tag}`]))[0].enabled).toBe(false);
  } },
  { fn: "resume_schedule", async run(c, ctx) {
    expect((await one(c, "select enabled from graphile_worker.resume_schedule($1)", [`s-${ctx.tag}`]))[0].enabled).toBe(true);
  } },
  { fn: "trigger_schedule", async run(c, ctx) {
    const [job] = await one(c, "select task_identifier, payload from graphile_worker.trigger_schedule($1)", [`s-${ctx.tag}`]);
    expect(job.task_identifier).toBe(`${ctx.tag}-cron`);
    expect(job.payload._cron.backfilled).toBe(false);
  } },
  { fn: "preview_schedule", async run(c) {
    const rows = await one(c, "select fire_at from graphile_worker.preview_schedule('0 9 * * 1-5', 'America/New_York', '2026-03-06T00:00:00Z', 3)");
    expect(rows.map((r) => r.fire_at.toISOString())).toEqual(["2026-03-06T14:00:00.000Z", "2026-03-09T13:00:00.000Z", "2026-03-10T13:00:00.000Z"]);
  } },
  { fn: "tick_schedules", async run(c, ctx) {
    await ctx.su.query("select graphile_worker.upsert_schedule($1, '*/5 * * * *', $2, time_zone := 'Europe/London')", [`s-${ctx.tag}`, `${ctx.tag}-cron`]);
    await ctx.su.query("update graphile_worker._private_schedules set next_fire_at = now() - interval '10 seconds' where id = $1", [`s-${ctx.tag}`]);
    const rows = await one(c, "select schedule_id, task_identifier from graphile_worker.tick_schedules()");
    expect(rows.filter((r) => r.schedule_id === `s-${ctx.tag}`)).toEqual([{ schedule_id: `s-${ctx.tag}`, task_identifier: `${ctx.tag}-cron` }]);
  } },
  { fn: "sync_crontab", async run(c, ctx) {
    const items = JSON.stringify([{ id: `c-${ctx.tag}`, cron: "0 * * * *", task_identifier: "hourly" }]);
    const rows = await one(c, "select id, change from graphile_worker.sync_crontab($1, $2)", [`src-${ctx.tag}`, items]);
    expect(rows).toEqual([{ id: `c-${ctx.tag}`, change: "added" }]);
  } },
  { fn: "remove_schedule", async run(c, ctx) {
    expect((await one(c, "select id from graphile_worker.remove_schedule($1)", [`s-${ctx.tag}`])).map((r) => r.id)).toEqual([`s-${ctx.tag}`]);
  } },
  { fn: "job_counts", async run(c, ctx) {
    await ctx.su.query("select graphile_worker.add_job($1 || '-read', '{\"p\": 1}', queue_name := 'read-' || $1)", [ctx.tag]);
    const rows = (await one(c, "select * from graphile_worker.job_counts()")).filter((r) => r.task_identifier === `${ctx.tag}-read`);
    expect(rows).toEqual([{ task_identifier: `${ctx.tag}-read`, queue_name: `read-${ctx.tag}`, state: "ready", count: "1", estimated: false }]);
  } },
  { fn: "list_jobs", async run(c, ctx) {
    const rows = await one(c, "select task_identifier, state from graphile_worker.list_jobs(search := $1, page_size := 10)", [`${ctx.tag.toUpperCase()}-READ`]);
    expect(rows).toEqual([{ task_identifier: `${ctx.tag}-read`, state: "ready" }]);
  } },
  { fn: "get_job", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker._private_jobs where task_identifier = $1 || '-read'", [ctx.tag]);
    expect(await one(c, "select payload, state from graphile_worker.get_job($1)", [id])).toEqual([{ payload: { p: 1 }, state: "ready" }]);
  } },
  { fn: "get_job_summary", async run(c, ctx) {
    const { id } = await setupJob(ctx, "select id from graphile_worker._private_jobs where task_identifier = $1 || '-read'", [ctx.tag]);
    expect(await one(c, "select id, state from graphile_worker.get_job_summary($1)", [id])).toEqual([{ id, state: "ready" }]);
  } },
  { fn: "list_queues", async run(c, ctx) {
    const rows = (await one(c, "select * from graphile_worker.list_queues()")).filter((r) => r.queue_name === `read-${ctx.tag}`);
    expect(rows).toMatchObject([{ waiting: "1", paused: false }]);
  } },
  { fn: "list_workers", async run(c, ctx) {
    await ctx.su.query("select graphile_worker.worker_register($1 || '-listed', '30 seconds')", [ctx.tag]);
    const rows = (await one(c, "select * from graphile_worker.list_workers('5 minutes')")).filter((r) => r.worker_id === `${ctx.tag}-listed`);
    expect(rows).toMatchObject([{ registered: true, stale: false }]);
  } },
  { fn: "pause_queue", async run(c, ctx) {
    expect(await one(c, "select graphile_worker.pause_queue($1) as r", [`read-${ctx.tag}`])).toEqual([{ r: true }]);
    expect(await count("select count(*) as n from graphile_worker._private_job_queues where queue_name = 'read-' || $1 and paused", [ctx.tag])).toBe(1);
  } },
  { fn: "resume_queue", async run(c, ctx) {
    expect(await one(c, "select graphile_worker.resume_queue($1) as r", [`read-${ctx.tag}`])).toEqual([{ r: true }]);
  } },
  { fn: "pause_task", async run(c, ctx) {
    expect(await one(c, "select graphile_worker.pause_task($1) as r", [`${ctx.tag}-read`])).toEqual([{ r: true }]);
    expect(await count("select count(*) as n from graphile_worker._private_tasks where identifier = $1 || '-read' and paused", [ctx.tag])).toBe(1);
  } },
  { fn: "resume_task", async run(c, ctx) {
    expect(await one(c, "select graphile_worker.resume_task($1) as r", [`${ctx.tag}-read`])).toEqual([{ r: true }]);
  } },
];

describe("look-alikes in pg_temp and in a schema the caller controls", () => {
  it.each(["enqueue", "worker", "admin", "attacker", "viewer", "payloadViewer"] as Role[])("change nothing of what the %s role may call, and never run as the owner", async (name) => {
    const role = roles[name];
    const schema = `evil_${name}_${suffix}`;
    if (name === "attacker") {
      await as(role, (c) => c.query(`create schema ${schema}`));
    } else {
      await db.pool.query(`create schema ${schema} authorization ${role}`);
    }
    const { rows: callable } = await db.pool.query(
      `select p.proname::text as name from pg_proc p
       where p.pronamespace = 'graphile_worker'::regnamespace and p.proname !~ '^_' and has_function_privilege($1, p.oid, 'execute')
       order by 1`,
      [role],
    );
    const names = callable.map((r) => r.name);
    expect(names.filter((fn) => !calls.some((call) => call.fn === fn)), "every function the role may call is exercised").toEqual([]);
    expect(names.length).toBeGreaterThanOrEqual(3);

    const client = await login(role);
    let wrong: unknown;
    try {
      await client.query(lookalikes(schema, role));
      const ctx: Ctx = { tag: `${name}_${suffix}`, worker: `${name}-${suffix}`, su: db.pool };
      try {
        for (const call of calls) {
          if (names.includes(call.fn)) await call.run(client, ctx);
        }
      } catch (error) {
        wrong = error; // reported after the escalation checks, which come first
      }
      // The trap is live: the role's own unqualified now() runs it (as the role, which cannot escalate).
      await client.query("select now()");
    } finally {
      await client.end();
    }
    const { rows: [powers] } = await db.pool.query(
      "select rolsuper, pg_has_role($1, 'pg_read_all_data', 'member') as reads_all from pg_roles where rolname = $1",
      [role],
    );
    expect(powers, "the role gained no power").toEqual({ rolsuper: false, reads_all: false });
    const { rows: ran } = await db.pool.query(`select who, what from ${schema}.marker`);
    expect(ran, "no look-alike ran inside the queue's functions").toEqual([{ who: role, what: "now" }]);
    if (wrong) throw wrong;
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
