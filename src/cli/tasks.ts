/** Loads a task list from a folder: each module file is a task named after the file. */
import { readdirSync, statSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { TaskList } from "../runner/types";

const EXTENSIONS = new Set([".js", ".cjs", ".mjs"]);

export async function loadTaskDirectory(dir: string): Promise<TaskList> {
  const root = resolve(dir);
  let entries: string[];
  try {
    if (!statSync(root).isDirectory()) throw new Error("not a directory");
    entries = readdirSync(root);
  } catch {
    throw new Error(`--tasks ${dir}: no such directory`);
  }
  const tasks: TaskList = {};
  for (const file of entries.sort()) {
    if (!EXTENSIONS.has(extname(file))) continue;
    const identifier = basename(file, extname(file));
    const loaded = await import(pathToFileURL(join(root, file)).href);
    const task = typeof loaded.default === "function" ? loaded.default : loaded.default?.default ?? loaded;
    if (typeof task !== "function") {
      throw new Error(`${join(dir, file)} must export a function (module.exports = async (payload, helpers) => ...)`);
    }
    tasks[identifier] = task;
  }
  if (Object.keys(tasks).length === 0) {
    throw new Error(`--tasks ${dir}: no task modules (.js, .cjs, .mjs) found`);
  }
  return tasks;
}
