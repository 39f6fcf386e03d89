/** The commands of the graphile-worker binary. */
import pg from "pg";
import type { OptionSpec } from "./args";
import { UsageError } from "./args";
import { installSql, migrate } from "../migrate";
import { quoteSchema } from "../schema-name";

export interface Context {
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  json: boolean;
  schema: string;
  databaseUrl: string | undefined;
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  usage?: string;
  summary: string;
  options: OptionSpec[];
  examples: string[];
  run(context: Context): Promise<void>;
}

function checkSchema(context: Context): void {
  try {
    quoteSchema(context.schema);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function noPositionals(context: Context): void {
  if (context.positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(context.positionals[0])}`);
  }
}

/** A pool for the command; every command validates its input before calling this. */
async function withPool<T>(context: Context, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  if (!context.databaseUrl) {
    throw new Error("no database given: pass --database-url or set DATABASE_URL");
  }
  const pool = new pg.Pool({ connectionString: context.databaseUrl, max: 2 });
  pool.on("error", () => {});
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

export const COMMANDS: Command[] = [
  {
    name: "migrate",
    summary: "Create or update the queue's schema in the database.",
    options: [],
    examples: ["graphile-worker migrate --database-url postgres://localhost/app"],
    async run(context) {
      noPositionals(context);
      checkSchema(context);
      const result = await withPool(context, (pool) =>
        migrate(pool, { schema: context.schema, log: context.json ? undefined : (line) => context.err(line) }),
      );
      if (context.json) {
        context.out(JSON.stringify({ schema: context.schema, version: result.version, applied: result.applied.map((m) => m.name) }));
      } else if (result.applied.length === 0) {
        context.out(`schema ${context.schema} is up to date (migration ${result.version})`);
      } else {
        context.out(`schema ${context.schema} migrated to migration ${result.version} (${result.applied.length} applied)`);
      }
    },
  },
  {
    name: "install-sql",
    summary: "Print the complete install script for a schema, for psql.",
    options: [],
    examples: ["graphile-worker install-sql --schema app_jobs > install.sql && psql -f install.sql"],
    async run(context) {
      noPositionals(context);
      checkSchema(context);
      context.out(installSql(context.schema));
    },
  },
];
