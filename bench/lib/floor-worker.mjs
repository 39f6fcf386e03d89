// The plain-SQL floor: a process that drains the plain table bench_floor_jobs
// as fast as plain SQL allows, in batches of 500, on one connection:
//   node bench/lib/floor-worker.mjs <databaseUrl> <claim-delete|delete>
//   claim-delete: claim a batch (update ... returning id), then delete it
//                 by id: two round trips (and two commits) per batch;
//   delete:       one delete ... returning id per batch;
//   protocol:     ours' worker protocol without the runner: get_jobs_v2 of 500
//                 under a fresh claim (every column, as the runner reads
//                 them), the previous batch's completions riding along with
//                 their claim: one round trip per batch.
// Prints "ready" once connected, starts on a "go" line on stdin, exits when
// a batch comes back empty (printing "done <rows>").
import { randomUUID } from "node:crypto";
import pg from "pg";

const [url, variant] = process.argv.slice(2);
const BATCH = 500;
const worker = `floor-${process.pid}`;

const CLAIM = `
update bench_floor_jobs set locked_at = now(), locked_by = $1
where id in (
  select id from bench_floor_jobs
  where locked_at is null and run_at <= now()
  order by run_at
  limit ${BATCH}
  for update skip locked
)
returning id`;
const GET_JOBS = `
select * from graphile_worker.get_jobs_v2($1::text, $2::uuid, '{noop}', ${BATCH}, null, null, $3::bigint[], $4::uuid[])`;
const DELETE_IDS = `delete from bench_floor_jobs where id = any($1::bigint[])`;
const CLAIM_AND_DELETE = `
delete from bench_floor_jobs
where id in (
  select id from bench_floor_jobs
  where locked_at is null and run_at <= now()
  order by run_at
  limit ${BATCH}
  for update skip locked
)
returning id`;

if (!url || !["claim-delete", "delete", "protocol"].includes(variant)) {
  process.stderr.write("usage: node bench/lib/floor-worker.mjs <databaseUrl> <claim-delete|delete|protocol>\n");
  process.exit(2);
}

const client = new pg.Client({ connectionString: url });
await client.connect();
// The worker protocol takes claims only from a registered worker.
if (variant === "protocol") {
  await client.query("select graphile_worker.worker_register($1, '1 hour'::interval)", [worker]);
}
// Plan once, like a real worker's prepared statement.
const claim = { name: "claim", text: CLAIM, values: [worker] };
const claimAndDelete = { name: "claim_and_delete", text: CLAIM_AND_DELETE, values: [] };
process.stdout.write("ready\n");

await new Promise((resolve) => {
  let buffer = "";
  process.stdin.on("data", (chunk) => {
    buffer += chunk;
    if (buffer.includes("go")) resolve();
  });
});

let rows = 0;
let previous = null;
let previousClaims = null;
for (;;) {
  if (variant === "protocol") {
    const claimToken = randomUUID();
    const { rows: claimed } = await client.query({
      name: "get_jobs",
      text: GET_JOBS,
      values: [worker, claimToken, previous, previousClaims],
      rowMode: "array",
    });
    if (claimed.length === 0) break;
    previous = claimed.map((row) => row[0]);
    previousClaims = previous.map(() => claimToken);
    rows += claimed.length;
  } else if (variant === "claim-delete") {
    const { rows: claimed } = await client.query(claim);
    if (claimed.length === 0) break;
    await client.query({ name: "delete_ids", text: DELETE_IDS, values: [claimed.map((r) => r.id)] });
    rows += claimed.length;
  } else {
    const { rowCount } = await client.query(claimAndDelete);
    if (!rowCount) break;
    rows += rowCount;
  }
}
if (previous) {
  await client.query("select graphile_worker.worker_complete_jobs_v2($1, $2::bigint[], $3::uuid[])", [worker, previous, previousClaims]);
}
await client.end();
process.stdout.write(`done ${rows}\n`);
process.exit(0);
