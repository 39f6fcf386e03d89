// `npm run demo`: the queue end to end, on DATABASE_URL's server or the local
// one (or a throwaway cluster when none answers), in a database of its own:
// migrate, enqueue from SQL and from a trigger, look at the jobs, run them.
import pg from "pg";
import { createDatabase, dropDatabase, ensureServer, log, redact } from "./lib/postgres.mjs";

const { migrate, runOnce, silentLogger } = await import("../dist/index.js");

const server = await ensureServer();
const name = "graphile_worker_demo";
const url = await createDatabase(server.url, name);
log(`demo database: ${redact(url)}`);
const pool = new pg.Pool({ connectionString: url });

function show(title, rows) {
  console.log(`\n${title}`);
  if (!rows.length) return console.log("  (none)");
  const columns = Object.keys(rows[0]);
  const text = (v) => (v instanceof Date ? v.toISOString() : v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  console.log("  " + columns.map((c, i) => c.padEnd(widths[i])).join("  "));
  for (const row of rows) console.log("  " + columns.map((c, i) => text(row[c]).padEnd(widths[i])).join("  "));
}

async function sql(statement) {
  console.log(`\nsql> ${statement.trim().replace(/\n\s*/g, "\n     ")}`);
  return (await pool.query(statement)).rows;
}

try {
  const result = await migrate(pool);
  console.log(`migrated schema graphile_worker: ${result.applied.map((m) => m.name).join(", ")}`);

  await sql(`select graphile_worker.add_job('send_email', '{"to": "ada@example.com"}')`);
  await sql(`select graphile_worker.add_job('send_email', '{"to": "alan@example.com"}', run_at := now() + interval '1 hour', job_key := 'welcome-alan')`);
  await sql(`select graphile_worker.add_job('report', '{"day": "monday"}', queue_name := 'reports', priority := -1)`);
  await sql(`create table orders (id serial primary key, email text not null)`);
  await sql(`
    create function order_placed() returns trigger language plpgsql as $$
    begin
      perform graphile_worker.add_job('send_receipt', json_build_object('order', new.id, 'to', new.email), queue_name := 'receipts');
      return new;
    end $$`);
  await sql(`create trigger order_placed after insert on orders for each row execute function order_placed()`);
  await sql(`insert into orders (email) values ('grace@example.com'), ('edsger@example.com')`);

  show("graphile_worker.jobs:", await sql(`select id, task_identifier, queue_name, priority, run_at, attempts, key from graphile_worker.jobs order by id`));

  console.log("\nrunning the due jobs (runOnce with a task list that prints):");
  const print = (name) => async (payload, { job }) => console.log(`  ${name} #${job.id} ${JSON.stringify(payload)}`);
  await runOnce({
    connectionString: url,
    taskList: { send_email: print("send_email"), report: print("report"), send_receipt: print("send_receipt") },
    concurrency: 2,
    logger: silentLogger,
    handleSignals: false,
  });

  show("left in graphile_worker.jobs (not due yet):", await sql(`select id, task_identifier, run_at, key from graphile_worker.jobs order by id`));
} finally {
  await pool.end();
  await dropDatabase(server.url, name);
  server.stop();
}
