#!/usr/bin/env node
/**
 * The graphile-worker command line. Each command lives in commands/; with no
 * command, graphile-worker's own command line runs (commands/worker.ts). This
 * file parses the global options and turns errors into exit codes: 1 for a
 * failed command, 2 for a usage error (one line, and where the help is).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, readOption, UsageError, type OptionSpec } from "./args";
import { COMMANDS, type Command } from "./commands";
import { worker } from "./commands/worker";
import { DEFAULT_SCHEMA } from "../schema-name";

const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: "database-url", short: "c", aliases: ["connection"], type: "string", value: "URL", description: "PostgreSQL connection string (default: $DATABASE_URL, then the PG* variables when PGDATABASE is set)" },
  { name: "schema", short: "s", type: "string", value: "NAME", description: `the queue's schema (default: $GRAPHILE_WORKER_SCHEMA or ${DEFAULT_SCHEMA})` },
  { name: "json", type: "boolean", description: "print machine-readable JSON instead of tables" },
  { name: "help", short: "h", type: "boolean", description: "show help" },
  { name: "version", type: "boolean", description: "print the version" },
];

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: graphile-worker [options]             migrate, then run the tasks of ./tasks (as graphile-worker does)",
    "       graphile-worker <command> [options]",
    "",
    "Options without a command (graphile-worker's):",
    ...formatOptions(worker.options),
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    ...formatOptions(GLOBAL_OPTIONS),
    "",
    "Examples:",
    ...worker.examples.map((e) => `  ${e}`),
    "",
    "Run `graphile-worker <command> --help` for a command's options and an example.",
  ].join("\n");
}

function formatOptions(options: OptionSpec[]): string[] {
  const labels = options.map(
    (o) => `${o.short ? `-${o.short}, ` : ""}--${o.name}${o.type === "boolean" ? "" : ` ${o.value ?? "VALUE"}`}`,
  );
  const width = Math.max(...labels.map((l) => l.length));
  return options.map((o, i) => `  ${labels[i].padEnd(width)}  ${o.description}`);
}

export function commandUsage(command: Command): string {
  return [
    `Usage: graphile-worker ${command.name}${command.usage ? ` ${command.usage}` : ""} [options]`,
    "",
    command.summary,
    ...(command.options.length ? ["", "Options:", ...formatOptions(command.options)] : []),
    "",
    "Global options:",
    ...formatOptions(GLOBAL_OPTIONS),
    "",
    "Example:",
    ...command.examples.map((e) => `  ${e}`),
  ].join("\n");
}

/** Every option the command line knows, to tell a command's name from an option's value. */
const KNOWN_OPTIONS: OptionSpec[] = [...GLOBAL_OPTIONS, ...worker.options, ...COMMANDS.flatMap((c) => c.options)];

/**
 * The command's name (the first argument that is neither an option nor an
 * option's value; none: graphile-worker's own command line) and the rest.
 * Options may come before the command (`graphile-worker -c URL migrate`).
 */
function splitCommand(argv: string[]): { name: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") break;
    const option = readOption(argv[i], KNOWN_OPTIONS);
    if (!option) return { name: argv[i], rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    if (option.spec.type !== "boolean" && option.attached === undefined) i++;
  }
  return { name: undefined, rest: argv };
}

/** One line saying what is wrong, one saying where the usage is: exit 2. */
function usageError(message: string, command: Command | null): number {
  const help = command?.name ? `graphile-worker ${command.name} --help` : "graphile-worker --help";
  process.stderr.write(`Error: ${message}\nRun \`${help}\` for usage.\n`);
  return 2;
}

function version(): string {
  return JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version;
}

export async function main(argv: string[]): Promise<number> {
  let split;
  try {
    split = splitCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, null);
    throw error;
  }
  const { name, rest } = split;
  if (name === "help") {
    process.stdout.write(mainUsage() + "\n");
    return 0;
  }
  const command = name === undefined ? worker : COMMANDS.find((c) => c.name === name);
  if (!command) return usageError(`unknown command ${JSON.stringify(name)}`, null);
  let parsed;
  try {
    parsed = parseArgs(rest, [...GLOBAL_OPTIONS, ...command.options]);
    if (parsed.options.version) {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    if (parsed.options.help) {
      process.stdout.write((command === worker ? mainUsage() : commandUsage(command)) + "\n");
      return 0;
    }
    const context = {
      options: parsed.options,
      positionals: parsed.positionals,
      json: parsed.options.json === true,
      schema: (parsed.options.schema as string | undefined) ?? process.env.GRAPHILE_WORKER_SCHEMA ?? DEFAULT_SCHEMA,
      databaseUrl: (parsed.options["database-url"] as string | undefined) || process.env.DATABASE_URL || undefined,
      out: (text: string) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
      err: (text: string) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    };
    await command.run(context);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, command);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Error: ${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`Error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
