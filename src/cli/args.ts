/** A small, strict command-line parser: unknown options are usage errors. */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface OptionSpec {
  /** Long name without dashes, e.g. "run-at". */
  name: string;
  /** "boolean" takes no value; "string" takes one; "list" may repeat. */
  type: "boolean" | "string" | "list";
  /** Placeholder shown in help, e.g. "JSON". */
  value?: string;
  /** A one-letter spelling, as graphile-worker's `-j 4` or `-c URL`. */
  short?: string;
  /** Other long spellings (graphile-worker's `--connection` for --database-url). */
  aliases?: string[];
  description: string;
}

export interface Parsed {
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseArgs(argv: string[], specs: OptionSpec[]): Parsed {
  // Node decodes invalid UTF-8 in arguments to U+FFFD, so two different keys
  // would become one: such an argument is refused instead.
  const garbled = argv.find((arg) => arg.includes("\uFFFD"));
  if (garbled !== undefined) {
    throw new UsageError(`argument ${JSON.stringify(garbled)} is not valid UTF-8`);
  }
  const options: Parsed["options"] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const option = readOption(arg, specs);
    if (!option) {
      positionals.push(arg);
      continue;
    }
    const { spec, attached } = option;
    const name = spec.name;
    if (spec.type === "boolean") {
      if (attached !== undefined) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    let value: string;
    if (attached !== undefined) {
      value = attached;
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    if (spec.type === "list") {
      options[name] = [...((options[name] as string[] | undefined) ?? []), value];
    } else {
      if (options[name] !== undefined) throw new UsageError(`--${name} is given twice`);
      options[name] = value;
    }
  }
  return { options, positionals };
}

/**
 * The option an argument names, and a value attached to it (`--jobs=4`,
 * `-j4`); null for a positional argument (including a negative number).
 */
export function readOption(arg: string, specs: OptionSpec[]): { spec: OptionSpec; attached: string | undefined } | null {
  if (arg.startsWith("--") && arg.length > 2) {
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = specs.find((s) => s.name === name || s.aliases?.includes(name));
    if (!spec) throw new UsageError(`unknown option --${name}`);
    return { spec, attached: eq === -1 ? undefined : arg.slice(eq + 1) };
  }
  if (/^-[A-Za-z]/.test(arg)) {
    const spec = specs.find((s) => s.short === arg[1]);
    if (!spec) throw new UsageError(`unknown option ${arg.slice(0, 2)}`);
    const rest = arg.slice(2);
    return { spec, attached: rest === "" ? undefined : rest.replace(/^=/, "") };
  }
  return null;
}
