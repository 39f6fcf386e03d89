/** The task list of `run --tasks DIR` and of a bare `graphile-worker` (./tasks), as run({ taskDirectory }) loads it. */
import { statSync } from "node:fs";
import type { Logger } from "../logger";
import { loadTaskDirectory } from "../runner/task-directory";
import type { TaskList } from "../runner/types";

export async function loadTasks(dir: string, option: string, logger: Logger): Promise<TaskList> {
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // not there
  }
  if (!isDirectory) throw new Error(`${option} ${dir}: no such directory`);
  const tasks = await loadTaskDirectory(dir, logger);
  if (Object.keys(tasks).length === 0) {
    throw new Error(`${option} ${dir}: no task modules (.js, .cjs, .mjs, or .ts with a loader) found`);
  }
  return tasks;
}
