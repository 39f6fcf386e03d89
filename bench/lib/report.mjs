// The results table (plain text for the terminal, Markdown for the file).
import { fmt, fmtPercent, fmtRatio, fmtSummary, summary } from "./stats.mjs";

const count = (n) => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

export function mainRows(sizes) {
  const big = count(sizes.adminTable);
  const small = count(sizes.adminSmall);
  const ids = count(sizes.adminIds);
  const rows = [
    { section: "Enqueue" },
    { key: "batch", label: `batch enqueue: one addJobs call, ${count(sizes.batch)} jobs`, unit: "jobs/s", better: "higher" },
    { key: "single1", label: `single enqueue: ${count(sizes.single)} add_job, 1 client`, unit: "jobs/s", better: "higher" },
    { key: "single8", label: `single enqueue: ${count(sizes.single)} add_job, 8 clients`, unit: "jobs/s", better: "higher" },
    { section: "Drain (2 worker processes × concurrency 24)" },
    { key: "drain_default", label: `drain ${count(sizes.drainDefault)} jobs, default settings`, unit: "jobs/s", better: "higher" },
    { key: "drain_batched", label: `drain ${count(sizes.drainBatched)} jobs, batched`, unit: "jobs/s", better: "higher" },
    { key: "drain_default_db_cpu", label: "default drain: PostgreSQL CPU per job (whole server)", unit: "µs", better: "lower" },
    { key: "drain_batched_db_cpu", label: "batched drain: PostgreSQL CPU per job (whole server)", unit: "µs", better: "lower" },
    { key: "drain_default_worker_cpu", label: "default drain: worker processes' CPU per job", unit: "µs", better: "lower" },
    { key: "drain_batched_worker_cpu", label: "batched drain: worker processes' CPU per job", unit: "µs", better: "lower" },
    { key: "drain_default_wal", label: "default drain: WAL per job", unit: "bytes", better: "lower" },
    { key: "drain_batched_wal", label: "batched drain: WAL per job", unit: "bytes", better: "lower" },
    { section: "Recurring schedules (ours only; every runner ticks about once a second)" },
    { key: "drain_batched_no_schedules", label: `drain ${count(sizes.drainBatched)} jobs, batched, no schedules`, unit: "jobs/s", better: "higher" },
    { key: "drain_batched_schedules", label: `drain ${count(sizes.drainBatched)} jobs, batched, 10k schedules defined`, unit: "jobs/s", better: "higher" },
    { key: "drain_batched_no_schedules_db_cpu", label: "no schedules: database CPU per job", unit: "µs", better: "lower" },
    { key: "drain_batched_schedules_db_cpu", label: "10k schedules: database CPU per job", unit: "µs", better: "lower" },
    { section: `Latency add_job → task start, idle runner (${count(sizes.latency)} samples per run)` },
    { key: "latency_p50", label: "latency p50", unit: "ms", better: "lower" },
    { key: "latency_p95", label: "latency p95", unit: "ms", better: "lower" },
    { key: "latency_p99", label: "latency p99", unit: "ms", better: "lower" },
    { key: "latency_commit_p50", label: "of which: the producer's add_job round trip, p50", unit: "ms", better: "lower" },
    { section: `Admin operations on ${ids} ids` },
    { key: "admin_complete", label: `complete_jobs, table of ${big}`, unit: "ms", better: "lower" },
    { key: "admin_fail", label: `permanently_fail_jobs, table of ${big}`, unit: "ms", better: "lower" },
    { key: "admin_reschedule", label: `reschedule_jobs, table of ${big}`, unit: "ms", better: "lower" },
    { key: "admin_cleanup", label: `cleanup (3 tasks, ${ids} permafailed), table of ${big}`, unit: "ms", better: "lower" },
    { key: "admin_small_complete", label: `complete_jobs, table of ${small}`, unit: "ms", better: "lower" },
    { key: "admin_small_fail", label: `permanently_fail_jobs, table of ${small}`, unit: "ms", better: "lower" },
    { key: "admin_small_reschedule", label: `reschedule_jobs, table of ${small}`, unit: "ms", better: "lower" },
    { key: "admin_small_cleanup", label: `cleanup (3 tasks, ${ids} permafailed), table of ${small}`, unit: "ms", better: "lower" },
    { key: "admin_scale_complete", label: `complete_jobs: time at ${big} / at ${small}`, unit: "×", better: "lower" },
    { key: "admin_scale_fail", label: `permanently_fail_jobs: time at ${big} / at ${small}`, unit: "×", better: "lower" },
    { key: "admin_scale_reschedule", label: `reschedule_jobs: time at ${big} / at ${small}`, unit: "×", better: "lower" },
    { key: "admin_scale_cleanup", label: `cleanup: time at ${big} / at ${small}`, unit: "×", better: "lower" },
    { section: `Fetch with ${count(sizes.fetchFill)} non-runnable rows present (drain of ${count(sizes.fetchJobs)}, default settings)` },
    { key: "fetch_empty", label: "drain, empty table", unit: "jobs/s", better: "higher" },
    { key: "fetch_full", label: `drain, ${count(sizes.fetchFill)} future/failed/locked rows present`, unit: "jobs/s", better: "higher" },
    { key: "fetch_slowdown", label: "slowdown (time with rows / time without)", unit: "×", better: "lower" },
    { key: "fetch_empty_db_cpu", label: "empty table: PostgreSQL CPU per job (whole server)", unit: "µs", better: "lower" },
    { key: "fetch_full_db_cpu", label: "rows present: PostgreSQL CPU per job (whole server)", unit: "µs", better: "lower" },
    { key: "fetch_cpu_slowdown", label: "PostgreSQL CPU per job, with rows / without", unit: "×", better: "lower" },
    { section: `The same with the ${count(sizes.fetchFill)} rows in named queues (100 of them; the drained jobs outside)` },
    { key: "queued_empty", label: "drain, empty table", unit: "jobs/s", better: "higher" },
    { key: "queued_full", label: `drain, ${count(sizes.fetchFill)} future/failed/locked rows in named queues present`, unit: "jobs/s", better: "higher" },
    { key: "queued_slowdown", label: "slowdown (time with rows / time without)", unit: "×", better: "lower" },
    { key: "queued_empty_db_cpu", label: "empty table: PostgreSQL CPU per job (whole server)", unit: "µs", better: "lower" },
    { key: "queued_full_db_cpu", label: "rows present: PostgreSQL CPU per job (whole server)", unit: "µs", better: "lower" },
    { key: "queued_cpu_slowdown", label: "PostgreSQL CPU per job, with rows / without", unit: "×", better: "lower" },
    { section: `A backlog: ${count(sizes.fetchFill / 50)} due jobs waiting behind a running head in one named queue, first in run order (drain of ${count(sizes.fetchJobs / 4)} outside named queues, default settings)` },
    { key: "backlog_empty", label: "drain, empty table", unit: "jobs/s", better: "higher" },
    { key: "backlog_full", label: "drain, the backlog present", unit: "jobs/s", better: "higher" },
    { key: "backlog_slowdown", label: "slowdown (time with the backlog / time without)", unit: "×", better: "lower" },
    { key: "backlog_empty_db_cpu", label: "empty table: PostgreSQL CPU per job (whole server)", unit: "µs", better: "lower" },
    { key: "backlog_full_db_cpu", label: "backlog present: PostgreSQL CPU per job (whole server)", unit: "µs", better: "lower" },
    { key: "backlog_cpu_slowdown", label: "PostgreSQL CPU per job, with the backlog / without", unit: "×", better: "lower" },
  ];
  return rows;
}

export function floorRows(sizes) {
  return [
    { key: "floor_insert1", label: "plain INSERT, 1 client, autocommit", unit: "rows/s", compare: "single1" },
    { key: "floor_insert8", label: "plain INSERT, 8 clients, autocommit", unit: "rows/s", compare: "single8" },
    { key: "floor_notify8", label: "the same INSERT + pg_notify, 8 clients", unit: "rows/s", compare: "single8" },
    {
      key: "floor_claim_delete",
      label: `drain ${count(sizes.floorRows)}: claim 500, then delete them (2 round trips), 2 processes`,
      unit: "rows/s",
      compare: "drain_batched",
    },
    {
      key: "floor_protocol",
      label: `drain ${count(sizes.floorRows)}: ours' get_jobs of 500 in plain SQL, completions riding along, no runner, 2 processes`,
      unit: "rows/s",
      compare: "drain_batched",
      oursOnly: true,
    },
    { key: "floor_claim_delete_db_cpu", label: "claim 500, then delete: PostgreSQL CPU per row", unit: "µs", compare: "drain_batched_db_cpu" },
    { key: "floor_claim_delete_wal", label: "claim 500, then delete: WAL per row", unit: "bytes", compare: "drain_batched_wal" },
    { key: "floor_protocol_db_cpu", label: "ours' protocol in plain SQL: PostgreSQL CPU per row", unit: "µs", compare: "drain_batched_db_cpu", oursOnly: true },
    { key: "floor_protocol_wal", label: "ours' protocol in plain SQL: WAL per row", unit: "bytes", compare: "drain_batched_wal", oursOnly: true },
    {
      key: "floor_delete",
      label: `drain ${count(sizes.floorRows)}: one delete … returning per 500, 2 processes`,
      unit: "rows/s",
      compare: "drain_batched",
    },
  ];
}

const COMPARE_LABEL = {
  single1: "add_job 1 client",
  single8: "add_job 8 clients",
  drain_batched: "batched drain",
  drain_batched_db_cpu: "batched drain",
  drain_batched_wal: "batched drain",
};

/** Builds both renderings from the samples ({key: {ours: [], theirs: [], floor: []}}). */
export function buildTables(samples, sizes) {
  const stat = (key, who) => (samples[key]?.[who]?.length ? summary(samples[key][who]) : null);
  const main = [];
  for (const row of mainRows(sizes)) {
    if (row.section) {
      main.push({ section: row.section });
      continue;
    }
    const ours = stat(row.key, "ours");
    const theirs = stat(row.key, "theirs");
    if (!ours && !theirs) continue;
    const ratio = ours && theirs ? ours.median / theirs.median : null;
    main.push({
      cells: [row.label, row.unit, fmtSummary(ours), fmtSummary(theirs), fmtRatio(ratio), row.better === "higher" ? "higher" : "lower"],
      key: row.key,
      ours,
      theirs,
      ratio,
    });
  }
  const floors = [];
  for (const row of floorRows(sizes)) {
    const floor = stat(row.key, "floor");
    if (!floor) continue;
    const ours = stat(row.compare, "ours");
    const theirs = stat(row.compare, "theirs");
    floors.push({
      cells: [
        row.label,
        row.unit,
        fmtSummary(floor),
        `${COMPARE_LABEL[row.compare]}: ${ours ? fmtPercent(ours.median / floor.median) : "–"}`,
        `${COMPARE_LABEL[row.compare]}: ${theirs && !row.oursOnly ? fmtPercent(theirs.median / floor.median) : "–"}`,
      ],
      key: row.key,
      floor,
    });
  }
  // Collapse empty sections.
  const mainKept = main.filter((row, i) => !row.section || (main[i + 1] && !main[i + 1].section));
  return { main: mainKept, floors };
}

const MAIN_HEAD = ["Workload", "Unit", "Ours median [min–max]", "Theirs median [min–max]", "Ours/theirs", "Better"];
const FLOOR_HEAD = ["Floor (plain SQL)", "Unit", "Median [min–max]", "Ours as a fraction", "Theirs as a fraction"];

export function renderText({ main, floors }) {
  const lines = [];
  const table = (head, rows) => {
    const all = [head, ...rows.filter((r) => r.cells).map((r) => r.cells)];
    const widths = head.map((_, c) => Math.max(...all.map((cells) => cells[c].length)));
    const line = (cells) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
    lines.push(line(head));
    lines.push(widths.map((w) => "-".repeat(w)).join("  "));
    for (const row of rows) {
      if (row.section) lines.push(`${row.section}:`);
      else lines.push(line(row.cells));
    }
  };
  table(MAIN_HEAD, main);
  if (floors.length) {
    lines.push("");
    table(FLOOR_HEAD, floors);
  }
  return lines.join("\n");
}

export function renderMarkdown({ main, floors }) {
  const lines = [];
  const table = (head, rows) => {
    lines.push(`| ${head.join(" | ")} |`);
    lines.push(`|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`);
    for (const row of rows) {
      if (row.section) lines.push(`| **${row.section}** |${" |".repeat(head.length - 1)}`);
      else lines.push(`| ${row.cells.join(" | ")} |`);
    }
  };
  table(MAIN_HEAD, main);
  if (floors.length) {
    lines.push("");
    table(FLOOR_HEAD, floors);
  }
  return lines.join("\n");
}

export { fmt };
