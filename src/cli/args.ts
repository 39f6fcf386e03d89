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
  const byName = new Map(specs.map((s) => [s.name, s]));
  const options: Parsed["options"] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "--") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (spec.type === "boolean") {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
      continue;
    }
    let value: string;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
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
