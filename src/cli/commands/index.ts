/** The commands of the graphile-worker binary, in the order the help lists them. */
import type { Command } from "./common";
import { add, complete, fail, list, remove, reschedule, show } from "./jobs";
import { cleanup, forceUnlock, sweepStaleWorkers } from "./maintenance";
import { queues, stats, tasks, workers } from "./inspect";
import { schedulesCommand } from "./schedules";
import { installSql, migrate, run } from "./setup";
import { admin } from "./admin";

export type { Command, Context } from "./common";

export const COMMANDS: Command[] = [
  migrate,
  add,
  list,
  show,
  complete,
  fail,
  reschedule,
  remove,
  cleanup,
  forceUnlock,
  sweepStaleWorkers,
  stats,
  queues,
  tasks,
  workers,
  schedulesCommand,
  run,
  admin,
  installSql,
];
