// A benchmark worker process:
//   node bench/worker.mjs <ours|theirs> <databaseUrl> <default|batched> [settings-json]
// starts that library's runner with concurrency 24 and a no-op task "noop",
// prints "ready" on stdout once started, and stops cleanly on SIGTERM
// (printing "stopped"). settings-json, if given, replaces the batched
// settings (used by --tune).
import { libs } from "./lib/libs.mjs";

const [which, url, mode = "default", settingsJson] = process.argv.slice(2);
if (!libs[which] || !url || !["default", "batched"].includes(mode)) {
  process.stderr.write("usage: node bench/worker.mjs <ours|theirs> <databaseUrl> <default|batched> [settings-json]\n");
  process.exit(2);
}

let executed = 0;
const taskList = {
  noop: async () => {
    executed++;
  },
};

const runner = await libs[which].start(url, {
  taskList,
  mode,
  overrides: settingsJson ? JSON.parse(settingsJson) : null,
  tag: `${which} worker ${process.pid}`,
});
process.stdout.write("ready\n");

let stopping = false;
process.on("SIGTERM", async () => {
  if (stopping) return;
  stopping = true;
  try {
    await runner.stop();
    process.stdout.write(`stopped ${executed}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`[${which} worker ${process.pid}] stop failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  }
});
process.on("SIGINT", () => process.exit(130));
