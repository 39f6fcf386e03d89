// Schemas with a damaged or untrusted ledger, for the rows of docs/bad-input.md
// that migrate them (`graphile-worker migrate --schema <name>`).
import type pg from "pg";
import { loadMigrations, migrate } from "../../../src/migrate";

/** Schema name -> what was done to it after a full migration (`%s` is the schema). */
export const DAMAGED_LEDGERS: Record<string, string> = {
  gw_ledger_row_deleted: "delete from %s.migration_markers where id = 2; delete from %s.migrations where id = 2",
  gw_ledger_rows_lost: "delete from %s.migration_markers where id >= 2; delete from %s.migrations where id >= 2",
  gw_ledger_row_added: "insert into %s.migrations (id, name, hash) values (:next, 'from-the-future.sql', 'sha1:0')",
  gw_ledger_hash_changed: "update %s.migrations set hash = 'sha1:edited' where id = 1",
  gw_ledger_missing: "drop table %s.migration_markers; drop table %s.migrations",
  gw_ledger_breaking:
    "insert into %s.migrations (id, name, hash) values (:next, 'from-the-future.sql', 'sha1:0'); " +
    "insert into %s.migration_markers (id, breaking) values (:next, true)",
  gw_ledger_public_create: "grant create on schema %s to public",
};

export async function prepareDamagedLedgers(pool: pg.Pool): Promise<void> {
  const next = String(loadMigrations().length + 1);
  for (const [schema, damage] of Object.entries(DAMAGED_LEDGERS)) {
    await migrate(pool, { schema });
    await pool.query(damage.replace(/%s/g, schema).replace(/:next/g, next));
  }
}
