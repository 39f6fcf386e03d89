/**
 * A task list from a folder of modules, named as graphile-worker names them:
 * `send_email.js` runs send_email jobs, `emails/send.js` runs emails/send
 * jobs (folders and file names of letters, digits, `_` and `-`; other
 * entries are ignored with a line in the log). For one name, `.js` wins over
 * `.mjs` over `.cjs`; a name with only a TypeScript file (`.ts`, `.mts`,
 * `.cts`) is loaded when a TypeScript loader is registered (tsx, ts-node,
 * Node's type stripping) and refused, naming the file, when none is: a task
 * is never skipped in silence.
 */
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Logger } from "../logger";
import type { Task, TaskList } from "./types";

const DIRECTORY = /^[A-Za-z0-9_-]+$/;
const FILE = /^([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+)*)$/;
const JS_EXTENSIONS = [".js", ".mjs", ".cjs"];
const TS_EXTENSIONS = [".ts", ".mts", ".cts"];
/** Files beside tasks that are not tasks: declarations and source maps. */
const COMPANIONS = /\.d\.[mc]?ts$|\.map$/;

export async function loadTaskDirectory(directory: string, logger: Logger): Promise<TaskList> {
  const found = await stat(directory).catch(() => null);
  if (!found) {
    throw new Error(`Could not find tasks to execute - taskDirectory '${directory}' does not exist`);
  }
  if (!found.isDirectory()) throw new Error(`taskDirectory '${directory}' is not a directory`);
  const files = new Map<string, string[]>();
  await collect(directory, [], files, logger);
  const tasks: TaskList = {};
  for (const identifier of [...files.keys()].sort((a, z) => a.localeCompare(z, "en-US"))) {
    const candidates = files.get(identifier)!;
    const file = pick(candidates, JS_EXTENSIONS) ?? pick(candidates, TS_EXTENSIONS);
    if (!file) {
      logger.warn(`ignoring ${candidates.map((c) => relative(process.cwd(), c) || c).join(", ")}: not a task module (.js, .mjs, .cjs, or .ts with a loader)`);
      continue;
    }
    tasks[identifier] = await loadTask(file);
  }
  return tasks;
}

async function collect(root: string, subpath: string[], files: Map<string, string[]>, logger: Logger): Promise<void> {
  const folder = join(root, ...subpath);
  for (const entry of (await readdir(folder)).sort()) {
    let path = join(folder, entry);
    let stats = await lstat(path);
    if (stats.isSymbolicLink()) {
      path = await realpath(path);
      stats = await lstat(path);
      if (!stats.isFile()) continue;
    }
    if (stats.isDirectory()) {
      if (DIRECTORY.test(entry)) await collect(root, [...subpath, entry], files, logger);
      else logger.info(`ignoring folder ${path}: task folder names are letters, digits, _ and -`);
      continue;
    }
    if (!stats.isFile() || COMPANIONS.test(entry)) continue;
    const match = FILE.exec(entry);
    if (!match) {
      logger.info(`ignoring file ${path}: task file names are letters, digits, _ and -, then the extension`);
      continue;
    }
    const identifier = [...subpath, match[1]].join("/");
    files.set(identifier, [...(files.get(identifier) ?? []), path]);
  }
}

function pick(paths: string[], extensions: string[]): string | undefined {
  for (const extension of extensions) {
    const path = paths.find((p) => FILE.exec(basename(p))?.[2] === extension);
    if (path) return path;
  }
  return undefined;
}

async function loadTask(file: string): Promise<Task> {
  let loaded: Record<string, unknown>;
  try {
    loaded = await importModule(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_UNKNOWN_FILE_EXTENSION" || (isTypeScript(file) && error instanceof SyntaxError)) {
      throw new Error(
        `cannot load task ${file}: no TypeScript loader is registered in this process; ` +
          "compile it to .js, or start node with a loader (node --import tsx, node -r ts-node/register)",
      );
    }
    throw new Error(`cannot load task ${file}: ${(error as Error)?.message ?? String(error)}`);
  }
  const task = taskOf(loaded);
  if (typeof task !== "function") {
    throw new Error(
      `Invalid task '${file}' - expected function, received ${task ? typeof task : String(task)}. ` +
        "Export one: module.exports = async (payload, helpers) => {...} or export default async (payload, helpers) => {...}",
    );
  }
  return task as Task;
}

function isTypeScript(file: string): boolean {
  return TS_EXTENSIONS.some((extension) => file.endsWith(extension));
}

/** A CommonJS loader hook (ts-node/register) serves require() only; import() serves ESM loaders. */
async function importModule(file: string): Promise<Record<string, unknown>> {
  const extension = file.slice(file.lastIndexOf("."));
  if (isTypeScript(file) && require.extensions?.[extension]) return require(file);
  return import(pathToFileURL(file).href);
}

/** The exported function: default export, module.exports, or TypeScript's doubly wrapped default. */
function taskOf(module: Record<string, unknown>): unknown {
  let value: unknown = module;
  for (let depth = 0; depth < 3 && typeof value === "object" && value !== null; depth++) {
    const inner = (value as { default?: unknown }).default;
    if (inner == null) break;
    value = inner;
  }
  return value;
}
