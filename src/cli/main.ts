#!/usr/bin/env node
/**
 * The graphile-worker command line. Each command lives in commands/; this
 * file parses the global options, connects, and turns errors into exit codes:
 * 1 for a failed command, 2 for a usage error.
 */
import { parseArgs, UsageError, type OptionSpec } from "./args";
import { COMMANDS, type Command } from "./commands";
import { DEFAULT_SCHEMA } from "../schema-name";

const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: "database-url", type: "string", value: "URL", description: "PostgreSQL connection string (default: $DATABASE_URL)" },
  { name: "schema", type: "string", value: "NAME", description: `the queue's schema (default: $GRAPHILE_WORKER_SCHEMA or ${DEFAULT_SCHEMA})` },
  { name: "json", type: "boolean", description: "print machine-readable JSON instead of tables" },
  { name: "help", type: "boolean", description: "show help" },
];

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: graphile-worker <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Global options:",
    ...formatOptions(GLOBAL_OPTIONS),
    "",
    "Run `graphile-worker <command> --help` for a command's options and an example.",
  ].join("\n");
}

function formatOptions(options: OptionSpec[]): string[] {
  const labels = options.map((o) => `--${o.name}${o.type === "boolean" ? "" : ` ${o.value ?? "VALUE"}`}`);
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

/**
 * The command's name and the rest of the arguments. Global options may come
 * before the command (`graphile-worker --database-url URL migrate`); they are
 * parsed with the command's options.
 */
function splitCommand(argv: string[]): { name: string | undefined; rest: string[] } {
  let i = 0;
  while (i < argv.length && argv[i].startsWith("--")) {
    const eq = argv[i].indexOf("=");
    const spec = GLOBAL_OPTIONS.find((o) => o.name === argv[i].slice(2, eq === -1 ? undefined : eq));
    if (!spec) break;
    i += spec.type !== "boolean" && eq === -1 ? 2 : 1;
  }
  return { name: argv[i], rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
}

export async function main(argv: string[]): Promise<number> {
  const { name, rest } = splitCommand(argv);
  if (!name && rest.includes("--help")) {
    process.stdout.write(mainUsage() + "\n");
    return 0;
  }
  if (!name) {
    process.stderr.write(`Error: no command given\n\n${mainUsage()}\n`);
    return 2;
  }
  if (name === "--help" || name === "help") {
    process.stdout.write(mainUsage() + "\n");
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`Error: unknown command ${JSON.stringify(name)}\n\n${mainUsage()}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs(rest, [...GLOBAL_OPTIONS, ...command.options]);
    if (parsed.options.help) {
      process.stdout.write(commandUsage(command) + "\n");
      return 0;
    }
    const context = {
      options: parsed.options,
      positionals: parsed.positionals,
      json: parsed.options.json === true,
      schema: (parsed.options.schema as string | undefined) ?? process.env.GRAPHILE_WORKER_SCHEMA ?? DEFAULT_SCHEMA,
      databaseUrl: (parsed.options["database-url"] as string | undefined) ?? process.env.DATABASE_URL,
      out: (text: string) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
      err: (text: string) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    };
    await command.run(context);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`Error: ${error.message}\n\n${commandUsage(command)}\n`);
      return 2;
    }
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
